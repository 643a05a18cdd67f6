namespace GymBridge.SharedMemory;

/// <summary>
/// Decides, per lane request, whether spinning is worth it: a spinning worker and its spinning caller
/// each take a core, so with more busy lanes than that, spinning would steal the cores the work needs.
/// Other processes' load is not seen here (docs/performance.md says why); on a shared or busy machine
/// choose <see cref="SpinPolicy.Never"/>.
/// </summary>
internal sealed class SpinGate(SpinPolicy policy, TimeSpan spinTime)
{
    private readonly int _cores = Environment.ProcessorCount;
    private int _busyLanes;

    /// <summary>How long each side spins before blocking.</summary>
    public TimeSpan SpinTime { get; } = spinTime;

    /// <summary>Counts a lane as busy; returns whether it may spin. Pair with <see cref="Leave"/>.</summary>
    public bool Enter()
    {
        var busy = Interlocked.Increment(ref _busyLanes);
        return policy == SpinPolicy.Always || (policy == SpinPolicy.Auto && busy * 2 <= _cores);
    }

    /// <summary>Counts a lane as idle again.</summary>
    public void Leave() => Interlocked.Decrement(ref _busyLanes);
}
