using GymBridge.Server.Instances;
using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using GymBridge.Server.VectorEnvs;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Server.Endpoints;

/// <summary>The vector extension, creating, listing and closing: POST/GET /v1/vector_envs/ and DELETE /v1/vector_envs/{id}/.</summary>
internal static class VectorEnvEndpoints
{
    /// <summary>The most sub-envs one vector env may have (the env limits usually stop it sooner).</summary>
    public const int MaxNumEnvs = 1024;

    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        var stats = api.Stats;
        routes.Map(stats, "POST", "/v1/vector_envs", "vector_create", context => CreateAsync(context, api)).Takes<VectorCreateRequest>().Gives<VectorCreateReply>("Create a vector env: num_envs copies of env_id stepped as one (extension)");
        routes.Map(stats, "GET", "/v1/vector_envs", "vector_list", context => ListAsync(context, api)).Gives<VectorListReply>("List vector envs");
        routes.Map(stats, "DELETE", "/v1/vector_envs/{id}", "vector_close", context => CloseAsync(context, api)).Gives<ClosedReply>("Close a vector env and all its sub-envs");
    }

    private static async Task CreateAsync(HttpContext context, ApiServices api)
    {
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var envId = Parameters.RequiredString(parameters, "env_id");
        var numEnvs = Parameters.OptionalInt(parameters, "num_envs") ?? throw ApiException.MissingParameter("num_envs");
        if (numEnvs is < 1 or > MaxNumEnvs)
        {
            throw ApiException.BadRequest($"num_envs must be from 1 to {MaxNumEnvs}, got {numEnvs}.");
        }

        var options = new VectorOptions { AutoresetMode = ReadAutoresetMode(parameters) };
        var make = EnvEndpoints.ReadMakeOptions(parameters);
        options.Make.RenderMode = make.RenderMode;
        options.Make.MaxEpisodeSteps = make.MaxEpisodeSteps;
        foreach (var (key, value) in make.Kwargs)
        {
            options.Make.Kwargs[key] = value;
        }

        var seed = Parameters.OptionalSeed(parameters);
        var instance = await api.Vectors.CreateAsync(envId, (int)numEnvs, options, EnvEndpoints.Owner(context), context.RequestAborted).ConfigureAwait(false);
        instance.PendingSeed = seed;
        await ResponseWriter.WriteAsync(context, Describe(instance)).ConfigureAwait(false);
    }

    private static Task ListAsync(HttpContext context, ApiServices api)
    {
        var envs = api.Vectors.All
            .Where(i => !i.IsLost)
            .OrderBy(i => i.CreatedAt)
            .Select(i => (GymValue)GymMap.Of(("instance_id", i.InstanceId), ("env_id", i.EnvId), ("num_envs", i.NumEnvs), ("autoreset_mode", i.Env.AutoresetMode.ToString())))
            .ToArray();
        return ResponseWriter.WriteAsync(context, GymMap.Of(("vector_envs", GymValue.List(envs))));
    }

    private static async Task CloseAsync(HttpContext context, ApiServices api)
    {
        var id = EnvEndpoints.InstanceId(context);
        if (!api.Vectors.TryGet(id, out var instance))
        {
            api.Vectors.Get(id); // throws the 404 that says why
        }

        if (!instance.IsLost)
        {
            // Wait for a request in progress on it to finish, then close it.
            using var lease = await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false);
            await api.Vectors.RemoveAsync(instance, Instances.RemovalReason.Closed).ConfigureAwait(false);
        }
        else
        {
            await api.Vectors.RemoveAsync(instance, Instances.RemovalReason.Closed).ConfigureAwait(false);
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("message", "Vector environment closed and deleted."), ("instance_id", id))).ConfigureAwait(false);
    }

    private static GymMap Describe(VectorInstance instance) => GymMap.Of(
        ("instance_id", instance.InstanceId),
        ("env_id", instance.EnvId),
        ("num_envs", instance.NumEnvs),
        ("autoreset_mode", instance.Env.AutoresetMode.ToString()),
        ("single_action_space", SpaceInfo.Describe(instance.Env.SingleActionSpace)),
        ("single_observation_space", SpaceInfo.Describe(instance.Env.SingleObservationSpace)));

    private static AutoresetMode ReadAutoresetMode(GymMap parameters)
    {
        var text = Parameters.OptionalString(parameters, "autoreset_mode");
        if (text is null)
        {
            return AutoresetMode.NextStep;
        }

        return Enum.TryParse<AutoresetMode>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsDigit(text[0])
            ? mode
            : throw ApiException.BadRequest($"autoreset_mode must be one of NextStep, SameStep, Disabled, got '{text}'.");
    }
}
