using GymBridge.Server.Instances;
using GymBridge.Supervision;
using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>Worker statistics and health from <see cref="EnvPool.GetStats"/>, with each running worker's versions.</summary>
internal sealed class PoolWorkerStats(EnvPoolHost pool) : IWorkerStatsSource
{
    public GymValue Describe()
    {
        var stats = pool.Pool.GetStats();
        var running = pool.Pool.Workers.ToDictionary(w => w.Index);
        return GymValue.List([.. stats.Workers.Select(w =>
        {
            var info = running.GetValueOrDefault(w.Index);
            return (GymValue)GymMap.Of(
                ("index", w.Index),
                ("state", Name(w.State)),
                ("pid", w.Pid is { } pid ? pid : GymValue.None),
                ("envs", w.Envs),
                ("restarts", w.Restarts),
                ("requests", w.Requests),
                ("steps", w.Steps),
                ("step_p50_us", Math.Round(w.StepLatencyP50.TotalMicroseconds, 1)),
                ("step_p99_us", Math.Round(w.StepLatencyP99.TotalMicroseconds, 1)),
                ("last_failure", w.LastFailure is { } failure ? failure : GymValue.None),
                ("python", info?.Python is { } python ? python : GymValue.None),
                ("gymnasium", info?.Gymnasium is { } gymnasium ? gymnasium : GymValue.None),
                ("numpy", info?.NumPy is { } numpy ? numpy : GymValue.None));
        })]);
    }

    public WorkerHealth Health()
    {
        var stats = pool.Pool.GetStats();
        return new WorkerHealth(
            stats.Workers.Count,
            stats.LiveWorkers,
            stats.Workers.Count(w => w.State == WorkerState.Restarting),
            stats.FailedWorkers,
            stats.Restarts);
    }

    /// <summary>The state as /stats spells it: running, restarting, failed, stopped.</summary>
    public static string Name(WorkerState state) => state.ToString().ToLowerInvariant();
}
