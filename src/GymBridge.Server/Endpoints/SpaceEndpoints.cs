using GymBridge.Server.Endpoints.Bodies;
using System.Text.Json;
using GymBridge.Envs;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// The spaces: GET action_space/ and observation_space/ answer <c>{info: {name, ...}}</c> (gym-http-api) with
/// the same fields also at the top level (cloudkj's flat form); sampling and membership ask the worker, so the
/// answers are gymnasium's own. The instance is looked up (404) before the body is read.
/// </summary>
internal static class SpaceEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/action_space", "action_space", context => DescribeAsync(context, api, SpaceRole.Action)).Gives<SpaceReply>("The action space: {info: {name, ...}} (fields also at the top level)");
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/observation_space", "observation_space", context => DescribeAsync(context, api, SpaceRole.Observation)).Gives<SpaceReply>("The observation space");
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/action_space/sample", "action_space_sample", context => SampleAsync(context, api)).Gives<SampleReply>("A random action (gymnasium's sampler): {action}");
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/action_space/contains/{x}", "action_space_contains", context => ContainsFromPathAsync(context, api)).Gives<ContainsReply>("Is x (JSON text) in the action space: {member}");
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/action_space/contains", "action_space_contains", context => ContainsFromBodyAsync(context, api, SpaceRole.Action)).Takes<ContainsRequest>().Gives<ContainsReply>("Is x in the action space: {member}");
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/observation_space/contains", "observation_space_contains", context => ContainsFromBodyAsync(context, api, SpaceRole.Observation)).Takes<ContainsRequest>().Gives<ContainsReply>("Is x in the observation space: {member}");
    }

    /// <summary>{info: {...}} plus the same fields at the top level.</summary>
    public static GymMap Body(Spaces.Space space)
    {
        var info = SpaceInfo.Describe(space);
        return new GymMap([new("info", info), .. info.Entries]);
    }

    private static async Task DescribeAsync(HttpContext context, ApiServices api, SpaceRole role)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        instance.Touch();
        await ResponseWriter.WriteAsync(context, Body(role == SpaceRole.Action ? instance.Env.ActionSpace : instance.Env.ObservationSpace)).ConfigureAwait(false);
    }

    private static async Task SampleAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        GymValue action;
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            try
            {
                action = await instance.Env.SampleActionAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (EnvCalls.LosesEnv(api.Registry, instance, error))
            {
                throw;
            }
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("action", action))).ConfigureAwait(false);
    }

    /// <summary>GET .../contains/{x}: x is read as JSON (<c>1</c>, <c>[0.5]</c>, <c>"text"</c>), or as a plain string if it is not JSON.</summary>
    private static async Task ContainsFromPathAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var text = (string)context.Request.RouteValues["x"]!;
        GymValue value;
        try
        {
            value = GymJsonReader.Read(text);
        }
        catch (JsonException)
        {
            value = text;
        }

        await ContainsAsync(context, api, instance, SpaceRole.Action, value).ConfigureAwait(false);
    }

    /// <summary>
    /// POST .../contains with <c>{"x": value}</c> (also accepted: <c>value</c>, <c>observation</c>, <c>action</c>), or
    /// openai's property form (<see cref="HasProperties"/>).
    /// </summary>
    private static async Task ContainsFromBodyAsync(HttpContext context, ApiServices api, SpaceRole role)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        foreach (var name in new[] { "x", "value", role == SpaceRole.Action ? "action" : "observation" })
        {
            if (parameters.TryGetValue(name, out var value))
            {
                await ContainsAsync(context, api, instance, role, value).ConfigureAwait(false);
                return;
            }
        }

        if (parameters.Count == 0)
        {
            throw ApiException.MissingParameter("x");
        }

        instance.Touch();
        var space = role == SpaceRole.Action ? instance.Env.ActionSpace : instance.Env.ObservationSpace;
        await ResponseWriter.WriteAsync(context, GymMap.Of(("member", HasProperties(space, parameters)))).ConfigureAwait(false);
    }

    /// <summary>
    /// openai/gym-http-api's form: <c>{"name": "Box", "shape": [4]}</c> asks whether the space has these properties
    /// (fields of its <c>info</c>), each compared as JSON text, as that server compares them.
    /// </summary>
    private static bool HasProperties(Spaces.Space space, GymMap properties)
    {
        var info = SpaceInfo.Describe(space);
        var member = true;
        foreach (var (key, value) in properties.Entries)
        {
            if (key.Kind != GymValueKind.String || !info.TryGetValue(key.AsString(), out var actual))
            {
                throw ApiException.BadRequest(
                    $"'{key}' is neither the value to check ('x') nor a property of the space ({string.Join(", ", info.Keys)}).");
            }

            member &= ResponseWriter.ToJson(actual).AsSpan().SequenceEqual(ResponseWriter.ToJson(value));
        }

        return member;
    }

    private static async Task ContainsAsync(HttpContext context, ApiServices api, EnvInstance instance, SpaceRole role, GymValue value)
    {
        bool member;
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            try
            {
                member = await instance.Env.ContainsAsync(role, value, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (EnvCalls.LosesEnv(api.Registry, instance, error))
            {
                throw;
            }
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("member", member))).ConfigureAwait(false);
    }
}
