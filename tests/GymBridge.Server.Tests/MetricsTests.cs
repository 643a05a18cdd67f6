using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Threading.Channels;
using GymBridge.Diagnostics;
using GymBridge.Server.Hosting;
using GymBridge.Server.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Metrics;

namespace GymBridge.Server.Tests;

/// <summary>The host's metrics: requests by route and status, the pool's instruments on the host's meter, and the OTLP export.</summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Requests_are_counted_by_route_and_final_status_and_the_pools_steps_share_the_hosts_meter()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:WorkerCount"] = "1" });
        var meters = host.App.Services.GetRequiredService<IMeterFactory>();
        using var requests = new MetricCollector<long>(meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.Requests);
        using var steps = new MetricCollector<long>(meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.Steps);
        var client = host.Client;

        var id = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 7}"), HttpStatusCode.BadRequest, "invalid_action");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJsonAsync("no/such/route")).Status);

        // A request is counted once its response is done, which can be a moment after the client has it.
        await WaitForAsync(() => requests.GetMeasurementSnapshot().Count >= 6, "six requests counted");
        Assert.Equal(2, Count(requests, "/v1/envs/{id}/step", 200));
        Assert.Equal(1, Count(requests, "/v1/envs/{id}/step", 400));
        Assert.Equal(1, Count(requests, "/v1/envs", 200));
        Assert.Equal(1, Count(requests, "/v1/envs/{id}/reset", 200));
        Assert.Contains(requests.GetMeasurementSnapshot(), m => (int?)m.Tags["http.response.status_code"] == 404);
        Assert.Equal(2, steps.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Null(host.App.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_host_pushes_its_metrics_to_the_collector()
    {
        await using var collector = await Collector.StartAsync();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["GymBridge:WorkerCount"] = "1",
            ["GymBridge:OtlpEndpoint"] = collector.BaseAddress,
            ["GymBridge:OtlpExportInterval"] = "00:00:00.200",
        });
        var id = await host.Client.CreateAsync("CartPole-v1");
        await host.Client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await host.Client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");

        // OTLP/HTTP bodies are protobuf, where names and string tags appear as UTF-8 bytes. One export can
        // fall between a step's counter and its duration, so wait until every expected name has arrived.
        string[] expected = [GymBridgeMetrics.Steps, GymBridgeMetrics.StepDuration, GymBridgeMetrics.Requests, "/v1/envs/{id}/step", "CartPole-v1"];
        var seen = new StringBuilder();
        using var deadline = new CancellationTokenSource(Guard);
        string[] Missing() => expected.Where(name => !seen.ToString().Contains(name, StringComparison.Ordinal)).ToArray();
        while (Missing().Length > 0)
        {
            Assert.False(deadline.IsCancellationRequested, $"not exported within {Guard.TotalSeconds:0} s: {string.Join(", ", Missing())}");
            var (contentType, body) = await collector.Posts.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Guard);
            Assert.Equal("application/x-protobuf", contentType);
            seen.Append(Encoding.UTF8.GetString(body));
        }
    }

    [Fact]
    public void An_otlp_endpoint_that_is_not_a_url_stops_the_start_with_one_clear_line()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ServerApp.Build(["--urls", "http://127.0.0.1:0", "--otlp-endpoint", "collector:4318"]));
        Assert.Contains("GymBridge:OtlpEndpoint 'collector:4318' is not an http(s) URL", error.Message, StringComparison.Ordinal);
    }

    private static int Count(MetricCollector<long> requests, string route, int status) =>
        requests.GetMeasurementSnapshot().Count(m => m.Tags.TryGetValue("http.route", out var r) && (string?)r == route && (int?)m.Tags["http.response.status_code"] == status);

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"still not true after {Guard.TotalSeconds:0} s: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>A stand-in OpenTelemetry collector: real Kestrel on loopback keeping what is posted to /v1/metrics.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Collector(WebApplication app, string baseAddress, Channel<(string?, byte[])> posts)
        {
            _app = app;
            BaseAddress = baseAddress;
            Posts = posts.Reader;
        }

        public string BaseAddress { get; }

        public ChannelReader<(string? ContentType, byte[] Body)> Posts { get; }

        public static async Task<Collector> StartAsync()
        {
            var posts = Channel.CreateUnbounded<(string?, byte[])>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/v1/metrics", async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                posts.Writer.TryWrite((context.Request.ContentType, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Collector(app, address, posts);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
