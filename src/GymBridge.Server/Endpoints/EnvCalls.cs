using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>What every call on a worker does when it fails because the worker died or hung.</summary>
internal static class EnvCalls
{
    /// <summary>True for failures that lose the env (its worker is gone); the instance is then marked lost (410 afterwards).</summary>
    public static bool LosesEnv(InstanceRegistry registry, EnvInstance instance, Exception error)
    {
        if (error is EnvLostException or WorkerTimeoutException)
        {
            registry.MarkLost(instance);
        }

        return false;
    }

    /// <summary>
    /// One step of an instance, as both the REST endpoint and the Gymie WebSocket do it: the action from
    /// <paramref name="parameters"/>, converted for the action space, under the instance's lease, with the
    /// step counted and, while monitoring, recorded.
    /// </summary>
    public static async Task<StepResult> StepAsync(ApiServices api, EnvInstance instance, GymMap parameters, CancellationToken cancellationToken)
    {
        if (!parameters.TryGetValue("action", out var requested) || requested.IsNone)
        {
            throw ApiException.MissingParameter("action");
        }

        var action = ActionConverter.Convert(instance.Env.ActionSpace, requested);
        StepResult step;
        using (await EnvLease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                step = await instance.Env.StepAsync(action, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (LosesEnv(api.Registry, instance, error))
            {
                throw;
            }

            instance.RecordStep(step.Reward, step.Done);
            if (instance.Recorder is { } recorder)
            {
                await recorder.OnStepAsync(instance.Env, step.Done, cancellationToken).ConfigureAwait(false);
            }
        }

        api.Stats.CountStep();
        return step;
    }

    /// <summary>
    /// One reset of an instance, as both the REST endpoint and the Gymie WebSocket do it: with
    /// <paramref name="seed"/>, else the seed given at creation (once), under the instance's lease, counted
    /// and, while monitoring, recorded.
    /// </summary>
    public static async Task<ResetResult> ResetAsync(ApiServices api, EnvInstance instance, long? seed, GymMap? options, CancellationToken cancellationToken)
    {
        ResetResult reset;
        using (await EnvLease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            seed ??= instance.PendingSeed;
            try
            {
                reset = await instance.Env.ResetAsync(seed, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (LosesEnv(api.Registry, instance, error))
            {
                throw;
            }

            instance.PendingSeed = null;
            instance.RecordReset();
            if (instance.Recorder is { } recorder)
            {
                await recorder.OnResetAsync(instance.Env, cancellationToken).ConfigureAwait(false);
            }
        }

        api.Stats.CountReset();
        return reset;
    }
}
