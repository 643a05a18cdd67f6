using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Envs;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>Creating, listing and closing envs: POST/GET /v1/envs/, DELETE /v1/envs/{id}/ and the legacy POST /v1/envs/{id}/close/.</summary>
internal static class EnvEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        var stats = api.Stats;
        routes.Map(stats, "POST", "/v1/envs", "create", context => CreateAsync(context, api)).Takes<CreateRequest>().Gives<CreateReply>("Create an env (gymnasium.make)");
        routes.Map(stats, "GET", "/v1/envs", "list", context => ListAsync(context, api)).Gives<EnvListReply>("List the envs");
        routes.Map(stats, "GET", "/v1/envs/{id}", "describe", context => DescribeAsync(context, api)).Gives<EnvIdReply>("The env id of an instance, {id} (unrenormalizable's dialect)");
        routes.Map(stats, "DELETE", "/v1/envs/{id}", "close", context => CloseAsync(context, api)).Gives<ClosedReply>("Close and remove an env");
        routes.Map(stats, "POST", "/v1/envs/{id}/close", "close", context => CloseAsync(context, api)).Gives<ClosedReply>("Close an env (legacy form of DELETE)");
    }

    public static string InstanceId(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    public static string Owner(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>The make options of a create request (shared by REST and the WebSocket).</summary>
    public static MakeOptions ReadMakeOptions(GymMap parameters)
    {
        var steps = Parameters.OptionalInt(parameters, "max_episode_steps");
        var options = new MakeOptions
        {
            RenderMode = Parameters.OptionalString(parameters, "render_mode"),
            MaxEpisodeSteps = steps is null or (>= int.MinValue and <= int.MaxValue) ? (int?)steps
                : throw ApiException.BadRequest($"max_episode_steps must be a 32-bit integer, got {steps}."),
        };
        if (Parameters.OptionalMap(parameters, "kwargs") is { } kwargs)
        {
            foreach (var (key, value) in kwargs.Entries)
            {
                options.Kwargs[key.Kind == GymValueKind.String ? key.AsString() : throw ApiException.BadRequest($"kwargs keys are names (strings), got {key}.")] = value;
            }
        }

        return options;
    }

    private static async Task CreateAsync(HttpContext context, ApiServices api)
    {
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var envId = Parameters.RequiredString(parameters, "env_id");
        var options = ReadMakeOptions(parameters);
        var seed = Parameters.OptionalSeed(parameters);
        var instance = await api.Registry.CreateAsync(envId, options, Owner(context), context.RequestAborted).ConfigureAwait(false);
        instance.PendingSeed = seed;
        await ResponseWriter.WriteAsync(context, GymMap.Of(("instance_id", instance.InstanceId))).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context, ApiServices api)
    {
        var envs = await api.Registry.ListAsync(context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, GymMap.Of(("all_envs", GymMap.Of([.. envs.Select(e => (e.InstanceId, (GymValue)e.EnvId))])))).ConfigureAwait(false);
    }

    /// <summary>GET /v1/envs/{id}/: the instance's env id as unrenormalizable's server answers it, <c>{id}</c>.</summary>
    private static async Task DescribeAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, GymMap.Of(("id", instance.EnvId))).ConfigureAwait(false);
    }

    private static async Task CloseAsync(HttpContext context, ApiServices api)
    {
        var id = InstanceId(context);
        if (!api.Registry.TryGet(id, out var instance))
        {
            try
            {
                instance = await api.Registry.GetAsync(id, context.RequestAborted).ConfigureAwait(false); // a cluster's env made elsewhere, or the 404 that says why
            }
            catch (ApiException error) when (error.Kind == ErrorKinds.EnvLost)
            {
                // A cluster's env lost with its host, never served here: nothing to remove but the answer.
                await ResponseWriter.WriteAsync(context, GymMap.Of(("message", "Environment closed and deleted."), ("instance_id", id))).ConfigureAwait(false);
                return;
            }
        }

        // Wait for a request in progress on the env to finish, then close it.
        if (!instance.IsLost)
        {
            using var lease = await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false);
            await api.Registry.RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        }
        else
        {
            await api.Registry.RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("message", "Environment closed and deleted."), ("instance_id", id))).ConfigureAwait(false);
    }
}
