using GymBridge.Envs;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Instances;

/// <summary>
/// The calls the host makes on one env, wherever it lives: a <see cref="RemoteEnv"/> of this host's pool
/// (<see cref="LocalEnv"/>) or, in cluster mode, an env grain on any silo of the cluster (Clustering/ClusteredEnv).
/// </summary>
public interface IGymEnv : IAsyncDisposable
{
    /// <summary>The registered id, e.g. <c>CartPole-v1</c>.</summary>
    string Id { get; }

    Space ActionSpace { get; }

    Space ObservationSpace { get; }

    string? RenderMode { get; }

    /// <summary>Where it runs, for /stats: <c>("worker", index)</c> on this host's pool, <c>("silo", address)</c> in a cluster.</summary>
    (string Name, GymValue Value) Location { get; }

    ValueTask<ResetResult> ResetAsync(long? seed, GymMap? options, CancellationToken cancellationToken);

    ValueTask<StepResult> StepAsync(GymValue action, CancellationToken cancellationToken);

    ValueTask<GymValue> RenderAsync(CancellationToken cancellationToken);

    ValueTask<TransitionTable> GetTransitionsAsync(CancellationToken cancellationToken);

    ValueTask<GymValue> SampleActionAsync(CancellationToken cancellationToken);

    ValueTask<bool> ContainsAsync(SpaceRole space, GymValue value, CancellationToken cancellationToken);
}
