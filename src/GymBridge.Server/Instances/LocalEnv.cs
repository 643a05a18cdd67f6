using GymBridge.Envs;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Instances;

/// <summary>An env of this host's own pool: every call goes straight to its <see cref="RemoteEnv"/>.</summary>
public sealed class LocalEnv(RemoteEnv env) : IGymEnv
{
    public string Id => env.Id;

    public Space ActionSpace => env.ActionSpace;

    public Space ObservationSpace => env.ObservationSpace;

    public string? RenderMode => env.RenderMode;

    public (string Name, GymValue Value) Location => ("worker", env.WorkerIndex);

    public ValueTask<ResetResult> ResetAsync(long? seed, GymMap? options, CancellationToken cancellationToken) => env.ResetAsync(seed, options, cancellationToken);

    public ValueTask<StepResult> StepAsync(GymValue action, CancellationToken cancellationToken) => env.StepAsync(action, cancellationToken);

    public ValueTask<GymValue> RenderAsync(CancellationToken cancellationToken) => env.RenderAsync(cancellationToken);

    public ValueTask<TransitionTable> GetTransitionsAsync(CancellationToken cancellationToken) => env.GetTransitionsAsync(cancellationToken);

    public ValueTask<GymValue> SampleActionAsync(CancellationToken cancellationToken) => env.SampleActionAsync(cancellationToken: cancellationToken);

    public ValueTask<bool> ContainsAsync(SpaceRole space, GymValue value, CancellationToken cancellationToken) => env.ContainsAsync(space, value, cancellationToken);

    public ValueTask DisposeAsync() => env.DisposeAsync();
}
