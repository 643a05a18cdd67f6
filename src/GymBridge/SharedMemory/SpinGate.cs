using System.Diagnostics;

namespace GymBridge.SharedMemory;

/// <summary>
/// Decides, per lane request, whether spinning is worth it: a spinning worker and its spinning caller
/// each take a core, so with more busy lanes than that, spinning would steal the cores the work needs.
/// Other processes count too: when the machine has more runnable threads than cores, nobody spins
/// for a second (a spinner then only delays the thread it waits for; measured 173 µs against 63 µs per
/// step under a load average of 13).
/// </summary>
internal sealed class SpinGate(SpinPolicy policy, TimeSpan spinTime, RunnableThreads? machine = null, int? cores = null)
{
    private static readonly long QuietTicks = Stopwatch.Frequency; // one second
    private readonly RunnableThreads _machine = machine ?? new RunnableThreads();
    private readonly int _cores = cores ?? Environment.ProcessorCount;
    private int _busyLanes;
    private long _quietUntil;

    public TimeSpan SpinTime { get; } = spinTime;

    /// <summary>Counts a lane as busy; returns whether it may spin. Pair with <see cref="Leave"/>.</summary>
    public bool Enter()
    {
        var busy = Interlocked.Increment(ref _busyLanes);
        return policy == SpinPolicy.Always || (policy == SpinPolicy.Auto && busy * 2 <= _cores && MachineHasRoom());
    }

    public void Leave() => Interlocked.Decrement(ref _busyLanes);

    private bool MachineHasRoom()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _quietUntil))
        {
            return false;
        }

        if (_machine.Current <= _cores)
        {
            return true;
        }

        Volatile.Write(ref _quietUntil, now + QuietTicks);
        return false;
    }
}
