namespace GymBridge.SharedMemory;

/// <summary>
/// Decides, per lane request, whether spinning is worth it. <see cref="SpinPolicy.Auto"/>: a spinning worker
/// and its spinning caller each take a core, so with more busy lanes than that, spinning would steal the
/// cores the work needs. <see cref="SpinPolicy.CallerOnly"/>: only the caller spins, and only while it is
/// the one request in flight per two cores (pipe requests count too) and no work waits for a thread-pool
/// thread, which in a server is the next request to answer.
/// Other processes' load is not counted here (docs/performance.md says why): each spin senses it instead, by
/// stopping when a yield kept it off its core (WorkerLane.SpinForReply, the worker's spin in server.py).
/// </summary>
/// <param name="policy">The policy.</param>
/// <param name="spinTime">How long each side spins before blocking.</param>
/// <param name="queuedWork">How many work items wait for a thread (tests replace the thread pool's count).</param>
internal sealed class SpinGate(SpinPolicy policy, TimeSpan spinTime, Func<long>? queuedWork = null)
{
    private readonly int _cores = Environment.ProcessorCount;
    private readonly Func<long> _queuedWork = queuedWork ?? (static () => ThreadPool.PendingWorkItemCount);
    private int _busyLanes;
    private int _pipeRequests;

    /// <summary>How long each side spins before blocking.</summary>
    public TimeSpan SpinTime { get; } = spinTime;

    /// <summary>Whether a worker may spin for its next request (callers' spinning is <see cref="Enter"/>'s answer).</summary>
    public bool WorkerMaySpin => policy != SpinPolicy.CallerOnly;

    /// <summary>Counts a lane as busy; returns whether its caller may spin. Pair with <see cref="Leave"/>.</summary>
    public bool Enter()
    {
        var busy = Interlocked.Increment(ref _busyLanes);
        return policy switch
        {
            SpinPolicy.Always => true,
            SpinPolicy.Auto => busy * 2 <= _cores,
            SpinPolicy.CallerOnly => (busy + Volatile.Read(ref _pipeRequests)) * 2 <= _cores && _queuedWork() == 0,
            _ => false,
        };
    }

    /// <summary>Counts a lane as idle again.</summary>
    public void Leave() => Interlocked.Decrement(ref _busyLanes);

    /// <summary>Counts a request sent on a pipe, while its reply is awaited. Pair with <see cref="LeavePipe"/>.</summary>
    public void EnterPipe() => Interlocked.Increment(ref _pipeRequests);

    /// <summary>Counts a pipe request as answered.</summary>
    public void LeavePipe() => Interlocked.Decrement(ref _pipeRequests);
}
