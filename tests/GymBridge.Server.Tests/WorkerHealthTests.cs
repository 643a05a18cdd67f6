using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using GymBridge.Server.Hosting;
using GymBridge.Server.Instances;
using GymBridge.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Tests;

/// <summary>/healthz and /stats follow the pool's workers: a killed worker is seen restarting, then running again; a slot that stays down too.</summary>
public sealed class WorkerHealthTests
{
    [Fact]
    public async Task A_killed_worker_shows_as_degraded_and_restarting_then_ok_with_a_new_pid()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:RestartDelay"] = "00:00:01.500" });
        var client = host.Client;
        Assert.Equal("ok", (string?)(await client.OkAsync(HttpMethod.Get, "healthz"))["status"]);
        var id = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        var before = await client.OkAsync(HttpMethod.Get, "stats");
        var index = (int)before["instances"]![0]!["worker"]!;
        var worker = before["workers"]![index]!;
        Assert.Equal("running", (string?)worker["state"]);
        Assert.Equal(1, (int)worker["envs"]!);
        Assert.True((long)worker["steps"]! >= 1);
        Assert.True((double)worker["step_p50_us"]! > 0);
        var pid = (int)worker["pid"]!;

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        var degraded = await WaitForAsync(client, "healthz", body => (string?)body["status"] == "degraded");
        Assert.Equal(1, (int)degraded["restarting"]!);
        Assert.Equal(1, (int)degraded["workers"]!);
        var during = (await client.OkAsync(HttpMethod.Get, "stats"))["workers"]![index]!;
        Assert.Equal("restarting", (string?)during["state"]);
        Assert.False(string.IsNullOrEmpty((string?)during["last_failure"]));
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 0}"), HttpStatusCode.ServiceUnavailable, "env_lost");

        var healed = await WaitForAsync(client, "healthz", body => (string?)body["status"] == "ok");
        Assert.Equal(1, (int)healed["restarts"]!);
        var after = await client.OkAsync(HttpMethod.Get, "stats");
        var restarted = after["workers"]![index]!;
        Assert.Equal("running", (string?)restarted["state"]);
        Assert.NotEqual(pid, (int)restarted["pid"]!);
        Assert.Equal(1, (int)restarted["restarts"]!);
        Assert.Equal(1, (int)after["pool"]!["restarts"]!);
        var fresh = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{fresh}/reset/");
    }

    [Fact]
    public async Task A_pool_whose_only_worker_stays_down_is_unhealthy_503()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:WorkerCount"] = "1" }, "--max-restarts", "0");
        var pid = (int)(await host.Client.OkAsync(HttpMethod.Get, "stats"))["workers"]![0]!["pid"]!;
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        (HttpStatusCode Status, JsonNode? Body) health;
        do
        {
            await Task.Delay(50);
            health = await host.Client.GetJsonAsync("healthz");
        }
        // The slot passes through "restarting" (already unhealthy) before the supervisor gives it up as "failed".
        while ((health.Status == HttpStatusCode.OK || (int?)health.Body?["failed"] != 1) && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("unhealthy", (string?)health.Body!["status"]);
        Assert.Equal(1, (int)health.Body["failed"]!);
        var stats = await host.Client.OkAsync(HttpMethod.Get, "stats");
        Assert.Equal("failed", (string?)stats["workers"]![0]!["state"]);
        Assert.Null(stats["workers"]![0]!["pid"]);
    }

    [Fact]
    public async Task Spin_and_restart_switches_reach_the_library_options()
    {
        await using var app = ServerApp.Build(["--spin-policy", "Always", "--spin-time", "00:00:00.0004", "--max-restarts", "2",
            "--restart-window", "00:00:30", "--restart-delay", "00:00:00.250", "--max-restart-delay", "00:00:02"]);
        var options = app.Services.GetRequiredService<IOptions<GymBridgeOptions>>().Value;
        Assert.Equal(SpinPolicy.Always, options.SpinPolicy);
        Assert.Equal(TimeSpan.FromMicroseconds(400), options.SpinTime);
        Assert.Equal(2, options.MaxRestarts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RestartWindow);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RestartDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxRestartDelay);
    }

    [Fact]
    public async Task The_host_lets_only_callers_spin_and_runs_two_workers_by_default()
    {
        await using var app = ServerApp.Build([]);
        var options = app.Services.GetRequiredService<IOptions<GymBridgeOptions>>().Value;
        Assert.Equal(SpinPolicy.CallerOnly, options.SpinPolicy);
        Assert.Equal(2, options.WorkerCount);
        Assert.Equal(new GymBridgeOptions().SpinTime, options.SpinTime);
    }

    private static async Task<JsonNode> WaitForAsync(HttpClient client, string path, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var (_, body) = await client.GetJsonAsync(path);
            if (body is not null && condition(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the expected state: {body?.ToJsonString()}");
            await Task.Delay(25);
        }
    }
}
