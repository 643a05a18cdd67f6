using GymBridge.Cluster.Grains;
using GymBridge.Cluster.Wire;
using GymBridge.Envs;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Cluster;

/// <summary>
/// An env of the cluster, living on the silo whose worker hosts it, reached from any host in one grain call:
/// <see cref="RemoteEnv"/>'s API and errors. When its silo dies the env is lost: every call then throws
/// <see cref="Errors.EnvLostException"/>; after <see cref="CloseAsync"/> (from any handle), <see cref="Errors.EnvClosedException"/>.
/// Like a gymnasium env, it serves one caller at a time.
/// </summary>
public sealed class ClusterEnv : IAsyncDisposable
{
    private readonly IEnvGrain _grain;

    internal ClusterEnv(IEnvGrain grain, EnvDescription description)
    {
        _grain = grain;
        Key = description.Key;
        Id = description.EnvId;
        Silo = description.Silo;
        ActionSpace = Space.FromDescription(ClusterCodec.Decode(description.ActionSpace));
        ObservationSpace = Space.FromDescription(ClusterCodec.Decode(description.ObservationSpace));
        RenderMode = description.RenderMode;
        MaxEpisodeSteps = description.MaxEpisodeSteps;
        RewardThreshold = description.RewardThreshold;
    }

    /// <summary>The env's key in the cluster (the REST instance id); <see cref="GymCluster.GetEnvAsync"/> finds it again from any host.</summary>
    public string Key { get; }

    /// <summary>The registered id, e.g. <c>CartPole-v1</c>.</summary>
    public string Id { get; }

    /// <summary>The address of the silo that hosts it.</summary>
    public string Silo { get; }

    /// <summary>The env's <c>action_space</c>, typed.</summary>
    public Space ActionSpace { get; }

    /// <summary>The env's <c>observation_space</c>, typed.</summary>
    public Space ObservationSpace { get; }

    /// <summary>The <c>render_mode</c> the env was made with, or null.</summary>
    public string? RenderMode { get; }

    /// <summary>The <c>max_episode_steps</c> of the env's spec, or null.</summary>
    public int? MaxEpisodeSteps { get; }

    /// <summary>The <c>reward_threshold</c> of the env's spec, or null.</summary>
    public double? RewardThreshold { get; }

    /// <summary>Resets the env (seeded when <paramref name="seed"/> is given): <see cref="RemoteEnv.ResetAsync"/>.</summary>
    public async ValueTask<ResetResult> ResetAsync(long? seed = null, GymMap? options = null, CancellationToken cancellationToken = default)
    {
        var reply = await ClusterCalls.Run(() => _grain.Reset(seed, ClusterCodec.EncodeOptional(options)).WaitAsync(cancellationToken), What).ConfigureAwait(false);
        return new ResetResult(ClusterCodec.Decode(reply.Observation), ClusterCodec.DecodeMap(reply.Info));
    }

    /// <summary>Steps with <paramref name="action"/>: <see cref="RemoteEnv.StepAsync"/>.</summary>
    public async ValueTask<StepResult> StepAsync(GymValue action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        var encoded = ClusterCodec.Encode(action);
        var reply = await ClusterCalls.Run(() => _grain.Step(encoded).WaitAsync(cancellationToken), What).ConfigureAwait(false);
        return new StepResult(ClusterCodec.Decode(reply.Observation), reply.Reward, reply.Terminated, reply.Truncated, ClusterCodec.DecodeMap(reply.Info));
    }

    /// <summary><c>env.render()</c>: <see cref="RemoteEnv.RenderAsync"/>.</summary>
    public async ValueTask<GymValue> RenderAsync(CancellationToken cancellationToken = default) =>
        ClusterCodec.Decode(await ClusterCalls.Run(() => _grain.Render().WaitAsync(cancellationToken), What).ConfigureAwait(false));

    /// <summary><c>env.action_space.sample()</c> in the worker: <see cref="RemoteEnv.SampleActionAsync"/>.</summary>
    public async ValueTask<GymValue> SampleActionAsync(long? seed = null, CancellationToken cancellationToken = default) =>
        ClusterCodec.Decode(await ClusterCalls.Run(() => _grain.SampleAction(seed).WaitAsync(cancellationToken), What).ConfigureAwait(false));

    /// <summary><c>space.contains(value)</c> in the worker: <see cref="RemoteEnv.ContainsAsync"/>.</summary>
    public async ValueTask<bool> ContainsAsync(SpaceRole space, GymValue value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var encoded = ClusterCodec.Encode(value);
        return await ClusterCalls.Run(() => _grain.Contains((int)space, encoded).WaitAsync(cancellationToken), What).ConfigureAwait(false);
    }

    /// <summary><c>env.close()</c> on its silo; afterwards every call on the key throws <see cref="Errors.EnvClosedException"/>.</summary>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) =>
        ClusterCalls.Run(() => _grain.Close().WaitAsync(cancellationToken), What);

    /// <summary>Closes the env; an env already closed or lost is left as it is.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (Errors.GymBridgeException)
        {
            // Closed already, or its silo is gone: either way there is nothing left to close.
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ClusterEnv({Id}, {Key} on {Silo})";

    private string What => $"env {Key}";
}
