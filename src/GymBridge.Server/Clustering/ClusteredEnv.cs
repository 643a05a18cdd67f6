using GymBridge.Cluster;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Server.Instances;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Clustering;

/// <summary>An env of the cluster, on whichever silo hosts it: every call is one grain call (in-process when the silo is this host's, still through Orleans).</summary>
public sealed class ClusteredEnv(ClusterEnv env) : IGymEnv
{
    public string Key => env.Key;

    public string Id => env.Id;

    public Space ActionSpace => env.ActionSpace;

    public Space ObservationSpace => env.ObservationSpace;

    public string? RenderMode => env.RenderMode;

    public (string Name, GymValue Value) Location => ("silo", env.Silo);

    public ValueTask<ResetResult> ResetAsync(long? seed, GymMap? options, CancellationToken cancellationToken) => env.ResetAsync(seed, options, cancellationToken);

    public ValueTask<StepResult> StepAsync(GymValue action, CancellationToken cancellationToken) => env.StepAsync(action, cancellationToken);

    public ValueTask<GymValue> RenderAsync(CancellationToken cancellationToken) => env.RenderAsync(cancellationToken);

    public ValueTask<TransitionTable> GetTransitionsAsync(CancellationToken cancellationToken) =>
        throw new GymBridgeException(GymErrorKind.NotSupported, $"{env.Id}: transitions (toy-text P) are not served in cluster mode; ask a single host.");

    public ValueTask<GymValue> SampleActionAsync(CancellationToken cancellationToken) => env.SampleActionAsync(cancellationToken: cancellationToken);

    public ValueTask<bool> ContainsAsync(SpaceRole space, GymValue value, CancellationToken cancellationToken) => env.ContainsAsync(space, value, cancellationToken);

    public ValueTask DisposeAsync() => env.DisposeAsync();
}
