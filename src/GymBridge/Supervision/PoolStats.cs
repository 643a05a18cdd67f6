namespace GymBridge.Supervision;

/// <summary>Health and load of an <see cref="EnvPool"/>: its worker slots and their totals.</summary>
/// <param name="Workers">Every slot, in index order.</param>
/// <param name="Envs">Envs open on running workers (envs lost with a dead worker no longer count).</param>
/// <param name="Steps">Single-env steps that returned a result, over the pool's life.</param>
/// <param name="Restarts">Replacement workers started, over all slots.</param>
/// <param name="StepLatencyP50">Median single-env step latency over all slots (within 1/16).</param>
/// <param name="StepLatencyP99">99th percentile of the same.</param>
public sealed record PoolStats(
    IReadOnlyList<WorkerStats> Workers,
    int Envs,
    long Steps,
    int Restarts,
    TimeSpan StepLatencyP50,
    TimeSpan StepLatencyP99)
{
    /// <summary>Slots with a running worker.</summary>
    public int LiveWorkers => Workers.Count(w => w.IsAlive);

    /// <summary>Slots that stay down because their worker kept dying.</summary>
    public int FailedWorkers => Workers.Count(w => w.State == WorkerState.Failed);
}
