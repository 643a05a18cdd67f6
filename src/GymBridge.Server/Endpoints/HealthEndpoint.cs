using GymBridge.Server.Json;
using GymBridge.Values;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// GET /healthz: the library's <c>gymbridge</c> health check (GymBridge.Hosting) through <c>MapHealthChecks</c>, answered
/// in the API's body format: 200 <c>ok</c> or <c>degraded</c> (some workers restarting or down), 503 <c>unhealthy</c> when
/// no worker runs.
/// </summary>
internal static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static void Map(IEndpointRouteBuilder routes, ApiServices api) =>
        routes.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = (context, report) => WriteAsync(context, report, api) })
            .WithDisplayName("healthz")
            .WithMetadata(api.Stats.Counter("healthz"));

    private static Task WriteAsync(HttpContext context, HealthReport report, ApiServices api)
    {
        var data = report.Entries.TryGetValue("gymbridge", out var entry) ? entry.Data : new Dictionary<string, object>();
        int Count(string key) => data.TryGetValue(key, out var value) ? (int)value : 0;
        var status = report.Status switch
        {
            HealthStatus.Healthy => "ok",
            HealthStatus.Degraded => "degraded",
            _ => "unhealthy",
        };
        return ResponseWriter.WriteAsync(
            context,
            GymMap.Of(
                ("status", status),
                ("workers", Count("live")),
                ("workers_total", Count("workers")),
                ("restarting", Count("restarting")),
                ("failed", Count("failed")),
                ("restarts", Count("restarts")),
                ("envs", api.Registry.Count),
                ("vector_envs", api.Vectors.All.Count)),
            context.Response.StatusCode);
    }
}
