using GymBridge.Diagnostics;
using GymBridge.Workers;

namespace GymBridge.Supervision;

/// <summary>
/// One place for a worker in the pool, kept across the processes that fill it in turn. Its state is
/// guarded by the <see cref="Supervisor"/>'s lock. Its state changes and restarts are also published as metrics.
/// </summary>
internal sealed class WorkerSlot
{
    private readonly long[] _retiredLatency = new long[LatencyHistogram.BucketCount];
    private readonly PoolMetrics _metrics;
    private WorkerState _state = WorkerState.Running;
    private long _retiredRequests;

    public WorkerSlot(int index, RestartIntensity intensity, PoolMetrics metrics)
    {
        Index = index;
        Intensity = intensity;
        _metrics = metrics;
        metrics.WorkerStateChanged(null, _state);
    }

    public int Index { get; }

    /// <summary>The running worker; null while the slot restarts, has failed or is stopped.</summary>
    public Worker? Worker { get; private set; }

    public WorkerState State
    {
        get => _state;
        set
        {
            _metrics.WorkerStateChanged(_state, value);
            _state = value;
        }
    }

    public int Restarts { get; private set; }

    public string? LastFailure { get; set; }

    public RestartIntensity Intensity { get; }

    public void Install(Worker worker, bool isRestart)
    {
        Worker = worker;
        State = WorkerState.Running;
        if (isRestart)
        {
            Restarts++;
            _metrics.WorkerRestarted();
        }
    }

    /// <summary>Takes the worker out, keeping what it counted.</summary>
    public void Retire(Worker worker)
    {
        _retiredRequests += worker.Counters.Requests;
        worker.Counters.StepLatency.AddTo(_retiredLatency);
        if (ReferenceEquals(Worker, worker))
        {
            Worker = null;
        }
    }

    /// <summary>The pool is shutting down: returns the running worker, if any, for the caller to dispose.</summary>
    public Worker? Stop()
    {
        var worker = Worker;
        if (worker is not null)
        {
            Retire(worker);
        }

        State = WorkerState.Stopped;
        return worker;
    }

    /// <summary>This slot's figures; its step latencies are also added to <paramref name="poolLatency"/>.</summary>
    public WorkerStats Snapshot(long[] poolLatency)
    {
        var latency = (long[])_retiredLatency.Clone();
        Worker?.Counters.StepLatency.AddTo(latency);
        for (var i = 0; i < latency.Length; i++)
        {
            poolLatency[i] += latency[i];
        }

        return new WorkerStats(
            Index,
            Worker?.Info.Pid,
            State,
            Worker?.EnvCount ?? 0,
            Restarts,
            _retiredRequests + (Worker?.Counters.Requests ?? 0),
            LatencyHistogram.Count(latency),
            LatencyHistogram.Percentile(latency, 0.50),
            LatencyHistogram.Percentile(latency, 0.99),
            LastFailure);
    }
}
