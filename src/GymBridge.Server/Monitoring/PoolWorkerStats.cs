using GymBridge.Supervision;
using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>Each worker slot for /stats, from <see cref="EnvPool.GetStats"/>, with each running worker's versions.</summary>
internal static class PoolWorkerStats
{
    public static GymValue Describe(EnvPool pool)
    {
        var stats = pool.GetStats();
        var running = pool.Workers.ToDictionary(w => w.Index);
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

    /// <summary>ok when every slot runs, degraded when some do, unhealthy when none does (as the library's health check says it).</summary>
    public static string Status(PoolStats stats) =>
        stats.LiveWorkers == 0 ? "unhealthy" : stats.LiveWorkers < stats.Workers.Count ? "degraded" : "ok";

    /// <summary>The state as /stats spells it: running, restarting, failed, stopped.</summary>
    public static string Name(WorkerState state) => state.ToString().ToLowerInvariant();
}
