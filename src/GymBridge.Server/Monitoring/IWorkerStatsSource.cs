using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>
/// The seam for worker statistics in /stats. Today it reports what the library exposes (each worker's hello
/// information); when the library publishes per-worker counters (restarts, queue depth, step latency), a new
/// implementation reports them without touching the endpoint.
/// </summary>
public interface IWorkerStatsSource
{
    GymValue Describe();
}
