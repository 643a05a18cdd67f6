using GymBridge.Diagnostics;
using GymBridge.Server.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GymBridge.Server.Monitoring;

/// <summary>
/// Pushes the host's metrics to an OpenTelemetry collector over OTLP when <see cref="ServerOptions.OtlpEndpoint"/> is
/// set (off by default): the GymBridge meter, ASP.NET Core's and Kestrel's, and the runtime's.
/// </summary>
internal static class MetricsExport
{
    private static readonly string[] Meters = [GymBridgeMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    public static void Configure(IServiceCollection services, ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return;
        }

        var endpoint = CollectorUri(options);
        var interval = (int)Math.Clamp(options.OtlpExportInterval.TotalMilliseconds, 100, int.MaxValue);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gymbridge", serviceVersion: typeof(MetricsExport).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = options.OtlpProtocol;
                    exporter.Endpoint = endpoint;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }));
    }

    /// <summary>
    /// The collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it; over http/protobuf the metrics go to its
    /// <c>v1/metrics</c> path. A URL that is not absolute http(s) stops the start with one line saying so.
    /// </summary>
    private static Uri CollectorUri(ServerOptions options)
    {
        if (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"GymBridge:OtlpEndpoint '{options.OtlpEndpoint}' is not an http(s) URL; give the collector's base URL, e.g. http://localhost:4318 (http/protobuf) or http://localhost:4317 (grpc).");
        }

        return options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics")
            : endpoint;
    }
}
