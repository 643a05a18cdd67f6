using GymBridge.Server.Endpoints;
using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>The body of GET /stats: uptime, env counts, steps, requests per endpoint, each env and vector env, the workers and their totals.</summary>
internal static class StatsReport
{
    /// <param name="cluster">The cluster's silos and envs (<see cref="Instances.IEnvSource.DescribeAsync"/>); None on a single host, which has no such part.</param>
    public static GymMap Build(ApiServices api, GymValue cluster)
    {
        var registry = api.Registry;
        var stats = api.Stats;
        // In cluster mode the registry can still hold an env another host has closed (it finds out on its next call):
        // the cluster's own list says which are open.
        var open = cluster.IsNone ? null : cluster["envs"].AsList().Select(e => e["instance_id"].AsString()).ToHashSet(StringComparer.Ordinal);
        var shown = registry.All.Where(i => open is null || i.IsLost || open.Contains(i.InstanceId)).ToArray();
        var envs = shown.OrderBy(i => i.CreatedAt).Select(i => (GymValue)GymMap.Of(
            ("instance_id", i.InstanceId),
            ("env_id", i.EnvId),
            ("render_mode", i.Env.RenderMode is { } mode ? mode : GymValue.None),
            i.Env.Location,
            ("steps", i.Steps),
            ("episodes", i.Episodes),
            ("episode_return", i.EpisodeReturn),
            ("last_return", double.IsNaN(i.LastReturn) ? GymValue.None : i.LastReturn),
            ("idle_s", Math.Round(i.IdleFor.TotalSeconds, 3)),
            ("recording", i.Recorder is not null),
            ("lost", i.IsLost))).ToArray();
        var report = GymMap.Of(
            ("uptime_s", Math.Round(stats.Uptime.TotalSeconds, 3)),
            ("envs", GymMap.Of(
                ("open", open is null ? registry.Count : shown.Length),
                ("created", registry.Created),
                ("closed", registry.ClosedCount),
                ("evicted", registry.Evicted),
                ("lost", registry.LostCount))),
            ("steps", stats.Steps),
            ("resets", stats.Resets),
            ("allocated_bytes", GC.GetTotalAllocatedBytes()), // the host process's managed allocations so far: deltas over steps give bytes per step
            ("requests", GymMap.Of([.. stats.Endpoints.Select(e => (e.Name, (GymValue)e.Count))])),
            ("instances", GymValue.List(envs)),
            ("vector_envs", GymValue.List([.. api.Vectors.All.OrderBy(v => v.CreatedAt).Select(v => (GymValue)GymMap.Of(
                ("instance_id", v.InstanceId),
                ("env_id", v.EnvId),
                ("num_envs", v.NumEnvs),
                ("steps", v.Steps),
                ("idle_s", Math.Round(v.IdleFor.TotalSeconds, 3)),
                ("lost", v.IsLost)))])),
            ("workers", PoolWorkerStats.Describe(api.Pool.Pool)),
            ("pool", Pool(api.Pool.Pool.GetStats())));
        return cluster.IsNone ? report : new GymMap([.. report.Entries, new("cluster", cluster)]);
    }

    private static GymMap Pool(GymBridge.Supervision.PoolStats pool) => GymMap.Of(
        ("status", PoolWorkerStats.Status(pool)),
        ("workers", pool.Workers.Count),
        ("running", pool.LiveWorkers),
        ("restarting", pool.Workers.Count(w => w.State == GymBridge.Supervision.WorkerState.Restarting)),
        ("failed", pool.FailedWorkers),
        ("restarts", pool.Restarts),
        ("envs", pool.Envs),
        ("steps", pool.Steps),
        ("step_p50_us", Math.Round(pool.StepLatencyP50.TotalMicroseconds, 1)),
        ("step_p99_us", Math.Round(pool.StepLatencyP99.TotalMicroseconds, 1)));
}
