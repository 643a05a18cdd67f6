namespace GymBridge.Supervision;

/// <summary>
/// One worker slot of the pool, as <see cref="EnvPool.GetStats"/> saw it. Requests, steps and latencies
/// add up over every process the slot has run.
/// </summary>
/// <param name="Index">The slot, 0 to <see cref="GymBridgeOptions.WorkerCount"/> - 1.</param>
/// <param name="Pid">The running worker's process id; null while the slot has no running worker.</param>
/// <param name="State">Running, restarting, failed (stays down) or stopped.</param>
/// <param name="Envs">Envs open on the running worker.</param>
/// <param name="Restarts">Replacement workers started in this slot.</param>
/// <param name="Requests">Requests sent to the slot's workers.</param>
/// <param name="Steps">Single-env steps that returned a result.</param>
/// <param name="StepLatencyP50">Median single-env step latency, as the caller saw it (within 1/16).</param>
/// <param name="StepLatencyP99">99th percentile of the same.</param>
/// <param name="LastFailure">Why the slot's last worker died or its last restart failed; null if none did.</param>
public sealed record WorkerStats(
    int Index,
    int? Pid,
    WorkerState State,
    int Envs,
    int Restarts,
    long Requests,
    long Steps,
    TimeSpan StepLatencyP50,
    TimeSpan StepLatencyP99,
    string? LastFailure)
{
    /// <summary>Whether the slot's worker is running (<see cref="WorkerState.Running"/>).</summary>
    public bool IsAlive => State == WorkerState.Running;
}
