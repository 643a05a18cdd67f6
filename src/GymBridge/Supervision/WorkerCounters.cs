namespace GymBridge.Supervision;

/// <summary>What one worker process has done: requests sent to it and the latency of each single-env step.</summary>
internal sealed class WorkerCounters
{
    private long _requests;

    public long Requests => Volatile.Read(ref _requests);

    public LatencyHistogram StepLatency { get; } = new();

    public void RequestSent() => Interlocked.Increment(ref _requests);

    /// <summary>A step has its result, <paramref name="elapsed"/> after it began.</summary>
    public void StepCompleted(TimeSpan elapsed) => StepLatency.Record(elapsed);
}
