using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Vector;

/// <summary>
/// A vector env as a training loop sees it, whether it runs on this host's workers (<see cref="VectorEnv"/>) or across
/// a cluster's silos (<c>GymBridge.Cluster.ClusterVectorEnv</c>): write a loop once against this, run it on either.
/// Gymnasium's vector semantics; results are valid until the next call; one caller at a time.
/// </summary>
public interface IVectorEnv : IAsyncDisposable
{
    /// <summary>The env id every copy was made from.</summary>
    string Id { get; }

    /// <summary>How many envs are stepped as one.</summary>
    int NumEnvs { get; }

    /// <summary>When a finished env is reset (gymnasium's <c>autoreset_mode</c>).</summary>
    AutoresetMode AutoresetMode { get; }

    /// <summary>One env's action space.</summary>
    Space SingleActionSpace { get; }

    /// <summary>One env's observation space.</summary>
    Space SingleObservationSpace { get; }

    /// <summary>The ranges of envs stepped together by one worker (or one silo).</summary>
    IReadOnlyList<Range> Slices { get; }

    /// <summary>The shape of one env's observation.</summary>
    IReadOnlyList<int> ObservationShape { get; }

    /// <summary>The dtype of the observations.</summary>
    DType ObservationDType { get; }

    /// <summary>The infos of the last call, gymnasium's vector form (<c>_key</c> masks).</summary>
    GymMap Infos { get; }

    /// <summary>Observations of spaces that are not arrays, one per env.</summary>
    IReadOnlyList<GymValue> ObservationList { get; }

    /// <summary>The last step's rewards, one per env.</summary>
    ReadOnlySpan<double> Rewards { get; }

    /// <summary>The last step's terminated flags, one per env.</summary>
    ReadOnlySpan<bool> Terminated { get; }

    /// <summary>The last step's truncated flags, one per env.</summary>
    ReadOnlySpan<bool> Truncated { get; }

    /// <summary>The action buffer, NumEnvs actions in a row, in the space's dtype (long for Discrete). Write, then <see cref="StepAsync(CancellationToken)"/>.</summary>
    Span<T> Actions<T>()
        where T : unmanaged;

    /// <summary>All observations, NumEnvs × <see cref="ObservationShape"/>, in the space's dtype.</summary>
    ReadOnlySpan<T> Observations<T>()
        where T : unmanaged;

    /// <summary>Resets every env, or those of <paramref name="resetMask"/> (seeded <c>seed, seed + 1, ...</c> when <paramref name="seed"/> is given).</summary>
    ValueTask ResetAsync(long? seed = null, GymMap? options = null, bool[]? resetMask = null, CancellationToken cancellationToken = default);

    /// <summary>Steps every env with the actions written into <see cref="Actions{T}"/>.</summary>
#pragma warning disable RS0026 // as on VectorEnv: StepAsync() and StepAsync(actions) read as gymnasium's step
    ValueTask StepAsync(CancellationToken cancellationToken = default);

    /// <summary>Steps every env with <paramref name="actions"/>, one per env (spaces that are not arrays), or with <see cref="Actions{T}"/> when null.</summary>
    ValueTask StepAsync(IReadOnlyList<GymValue>? actions, CancellationToken cancellationToken = default);
#pragma warning restore RS0026
}
