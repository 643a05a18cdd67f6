using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>The seam for worker statistics in /stats and worker health in /healthz.</summary>
public interface IWorkerStatsSource
{
    /// <summary>Each worker slot: state, pid, envs, restarts, requests, steps, step latency percentiles.</summary>
    GymValue Describe();

    /// <summary>The pool's health from its workers' states.</summary>
    WorkerHealth Health();
}
