using System.Diagnostics.Metrics;
using GymBridge.Diagnostics;

namespace GymBridge.Server.Monitoring;

/// <summary>
/// Counts every request the host answered into <c>gymbridge.server.requests</c>, tagged with its route pattern
/// (<c>http.route</c>, absent when no route matched) and final status (<c>http.response.status_code</c>, also
/// for errors the error middleware turned into responses). Outermost in the pipeline, and a plain pass-through
/// while nobody listens.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, IMeterFactory meterFactory)
{
    private readonly Counter<long> _requests = meterFactory
        .Create(new MeterOptions(GymBridgeMetrics.MeterName) { Version = typeof(RequestMetricsMiddleware).Assembly.GetName().Version?.ToString(3) })
        .CreateCounter<long>(GymBridgeMetrics.Requests, "{request}", "REST and WebSocket requests the host answered.");

    public Task InvokeAsync(HttpContext context) => _requests.Enabled ? CountAsync(context) : next(context);

    private async Task CountAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var status = new KeyValuePair<string, object?>("http.response.status_code", context.Response.StatusCode);
            if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
            {
                _requests.Add(1, new KeyValuePair<string, object?>("http.route", route), status);
            }
            else
            {
                _requests.Add(1, status);
            }
        }
    }
}
