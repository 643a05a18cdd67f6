using GymBridge.Server.Instances;
using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using GymBridge.Server.VectorEnvs;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// The vector extension's hot path: POST /v1/vector_envs/{id}/reset/ and /step/, every sub-env in one request.
/// Array observations come back as one (num_envs, ...) array, others as a list of num_envs values.
/// </summary>
internal static class VectorStepEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        routes.Map(api.Stats, "POST", "/v1/vector_envs/{id}/reset", "vector_reset", context => ResetAsync(context, api)).Takes<VectorResetRequest>(optional: true).Gives<VectorResetReply>("Reset all sub-envs (or those in reset_mask): {observations, infos}");
        routes.Map(api.Stats, "POST", "/v1/vector_envs/{id}/step", "vector_step", context => StepAsync(context, api)).Takes<VectorStepRequest>().Gives<VectorStepReply>("Step every sub-env with one request: {observations, rewards, terminated, truncated, done, infos}");
    }

    private static async Task ResetAsync(HttpContext context, ApiServices api)
    {
        var instance = api.Vectors.Get(EnvEndpoints.InstanceId(context));
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var seed = Parameters.OptionalSeed(parameters);
        var options = Parameters.OptionalMap(parameters, "options");
        var mask = ReadMask(parameters, instance.NumEnvs);
        GymMap body;
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            seed ??= instance.PendingSeed;
            try
            {
                await instance.Env.ResetAsync(seed, options, mask, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (LosesEnv(api, instance, error))
            {
                throw;
            }

            instance.PendingSeed = null;
            body = GymMap.Of(("observations", Observations(instance.Env)), ("infos", instance.Env.Infos));
        }

        api.Stats.CountReset();
        await ResponseWriter.WriteAsync(context, body).ConfigureAwait(false);
    }

    private static async Task StepAsync(HttpContext context, ApiServices api)
    {
        var instance = api.Vectors.Get(EnvEndpoints.InstanceId(context));
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        if (!parameters.TryGetValue("actions", out var actions) || actions.IsNone)
        {
            throw ApiException.MissingParameter("actions");
        }

        GymMap body;
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            var env = instance.Env;
            var list = VectorActions.Apply(env, actions);
            try
            {
                await env.StepAsync(list, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (LosesEnv(api, instance, error))
            {
                throw;
            }

            instance.RecordStep();
            var terminated = env.Terminated.ToArray();
            var truncated = env.Truncated.ToArray();
            var done = new bool[terminated.Length];
            for (var i = 0; i < done.Length; i++)
            {
                done[i] = terminated[i] || truncated[i];
            }

            body = GymMap.Of(
                ("observations", Observations(env)),
                ("rewards", NDArray.From(env.Rewards.ToArray())),
                ("terminated", NDArray.From(terminated)),
                ("truncated", NDArray.From(truncated)),
                ("done", NDArray.From(done)),
                ("infos", env.Infos));
        }

        api.Stats.CountSteps(instance.NumEnvs);
        await ResponseWriter.WriteAsync(context, body).ConfigureAwait(false);
    }

    /// <summary>A copy of the observations (the env's buffer changes with its next call).</summary>
    private static GymValue Observations(VectorEnv env)
    {
        if (VectorArrays.Layout(env.SingleObservationSpace) is null)
        {
            return GymValue.List([.. env.ObservationList]);
        }

        return new NDArray(env.ObservationDType, [env.NumEnvs, .. env.ObservationShape], VectorArrays.ObservationBytes(env).ToArray());
    }

    private static bool[]? ReadMask(GymMap parameters, int numEnvs)
    {
        if (!parameters.TryGetValue("reset_mask", out var value) || value.IsNone)
        {
            return null;
        }

        IReadOnlyList<GymValue> items = value switch
        {
            NDArray array => [.. Enumerable.Range(0, array.Length).Select(i => (GymValue)(array.GetDouble(i) != 0))],
            { Kind: GymValueKind.List } => value.AsList(),
            _ => throw ApiException.BadRequest($"reset_mask must be a list of {numEnvs} booleans, got {value.Kind.ToString().ToLowerInvariant()}."),
        };
        if (items.Count != numEnvs || items.Any(item => item.Kind != GymValueKind.Bool))
        {
            throw ApiException.BadRequest($"reset_mask must be a list of {numEnvs} booleans (one per env), got {value}.");
        }

        return [.. items.Select(item => item.AsBoolean())];
    }

    /// <summary>Marks the vector env lost when a worker hosting it died or hung (410 afterwards); never catches.</summary>
    private static bool LosesEnv(ApiServices api, VectorInstance instance, Exception error)
    {
        if (error is EnvLostException or WorkerTimeoutException)
        {
            api.Vectors.MarkLost(instance);
        }

        return false;
    }
}
