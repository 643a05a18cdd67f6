using System.Runtime.CompilerServices;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// The calls on an env that the REST routes and the Gymie WebSocket share: steps and resets, counted and recorded.
/// Their state machines are pooled (each is awaited once, right away): two of them per step were ~300 B.
/// </summary>
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
    /// One step of an instance: the action from <paramref name="parameters"/>, converted for the action space, under
    /// the instance's lease (see <see cref="StepLeasedAsync"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<StepResult> StepAsync(ApiServices api, EnvInstance instance, GymMap parameters, CancellationToken cancellationToken)
    {
        if (!parameters.TryGetValue("action", out var requested) || requested.IsNone)
        {
            throw ApiException.MissingParameter("action");
        }

        var action = ActionConverter.Convert(instance.Env.ActionSpace, requested);
        using (await Lease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            return await StepLeasedAsync(api, instance, action, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One step by a caller that holds the instance's lease: counted and, while monitoring, recorded.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<StepResult> StepLeasedAsync(ApiServices api, EnvInstance instance, GymValue action, CancellationToken cancellationToken)
    {
        StepResult step;
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

        api.Stats.CountStep();
        return step;
    }

    /// <summary>
    /// One reset of an instance: with <paramref name="seed"/>, else the seed given at creation (once), under the
    /// instance's lease (see <see cref="ResetLeasedAsync"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ResetResult> ResetAsync(ApiServices api, EnvInstance instance, long? seed, GymMap? options, CancellationToken cancellationToken)
    {
        using (await Lease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            return await ResetLeasedAsync(api, instance, seed, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One reset by a caller that holds the instance's lease: counted and, while monitoring, recorded.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ResetResult> ResetLeasedAsync(ApiServices api, EnvInstance instance, long? seed, GymMap? options, CancellationToken cancellationToken)
    {
        ResetResult reset;
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

        api.Stats.CountReset();
        return reset;
    }
}
