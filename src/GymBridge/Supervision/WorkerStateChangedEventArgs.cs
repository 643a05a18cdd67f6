namespace GymBridge.Supervision;

/// <summary>A worker slot changed state: its worker died or failed to start, was replaced, or the slot gave up.</summary>
public sealed class WorkerStateChangedEventArgs(int index, WorkerState state, int? pid, Exception? reason, int restarts) : EventArgs
{
    /// <summary>The worker slot that changed.</summary>
    public int Index { get; } = index;

    /// <summary>The slot's new state.</summary>
    public WorkerState State { get; } = state;

    /// <summary>The new worker when <see cref="WorkerState.Running"/>; otherwise the one that died (null when a replacement failed to start).</summary>
    public int? Pid { get; } = pid;

    /// <summary>Why the worker went down or a replacement failed to start; null when <see cref="WorkerState.Running"/>.</summary>
    public Exception? Reason { get; } = reason;

    /// <summary>Replacement workers started in this slot so far.</summary>
    public int Restarts { get; } = restarts;
}
