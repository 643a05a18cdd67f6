using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GymBridge.Hosting;

/// <summary>
/// Healthy when every worker slot runs, degraded when some do (the others are restarting or gave up),
/// unhealthy when none does or the pool is not running. The data carries the counts (workers, live, failed, restarting, restarts).
/// </summary>
public sealed class EnvPoolHealthCheck(EnvPoolService service) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!service.IsRunning)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The GymBridge pool is not running."));
        }

        var stats = service.Pool.GetStats();
        var data = new Dictionary<string, object>
        {
            ["workers"] = stats.Workers.Count,
            ["live"] = stats.LiveWorkers,
            ["failed"] = stats.FailedWorkers,
            ["restarting"] = stats.Workers.Count(w => w.State == Supervision.WorkerState.Restarting),
            ["restarts"] = stats.Restarts,
        };
        var description = $"{stats.LiveWorkers} of {stats.Workers.Count} workers running";
        var result = stats.LiveWorkers == stats.Workers.Count ? HealthCheckResult.Healthy(description, data)
            : stats.LiveWorkers > 0 ? HealthCheckResult.Degraded(description, data: data)
            : HealthCheckResult.Unhealthy(description, data: data);
        return Task.FromResult(result);
    }
}
