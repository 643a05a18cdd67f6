using System.Net;
using GymBridge.Server.Hosting;
using GymBridge.Server.Security;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>API key, refusal to bind beyond loopback without one, CORS, env limits and idle eviction.</summary>
public sealed class SecurityAndLimitTests
{
    [Fact]
    public async Task An_api_key_is_required_on_the_api_when_set()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:ApiKey"] = "s3cret", ["GymBridge:WorkerCount"] = "1" });
        var client = host.Client;
        Api.AssertError(await client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\"}"), HttpStatusCode.Unauthorized, "unauthorized");
        Api.AssertError(await client.GetJsonAsync("stats"), HttpStatusCode.Unauthorized, "unauthorized");
        client.DefaultRequestHeaders.Add("X-API-Key", "wrong");
        Api.AssertError(await client.GetJsonAsync("v1/envs/"), HttpStatusCode.Unauthorized, "unauthorized");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        await client.OkAsync(HttpMethod.Get, "v1/envs/?api_key=s3cret");
        client.DefaultRequestHeaders.Add("X-API-Key", "s3cret");
        var id = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        await client.OkAsync(HttpMethod.Get, "healthz"); // open, as are the pages and docs
        using var page = await client.GetAsync("monitor.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:5000")]
    [InlineData("http://192.168.1.20:5000")]
    [InlineData("http://127.0.0.1:5000;http://[::]:5001")]
    public async Task The_host_refuses_to_bind_beyond_loopback_without_an_api_key(string urls)
    {
        var error = Assert.Throws<StartupException>(() => ServerApp.Build(["--urls", urls]));
        Assert.Contains("without an API key", error.Message, StringComparison.Ordinal);
        await ServerApp.Build(["--urls", urls, "--api-key", "k"]).DisposeAsync();
        await ServerApp.Build(["--urls", urls, "--allow-unauthenticated-remote", "true"]).DisposeAsync();
    }

    [Fact]
    public void A_cluster_host_advertised_beyond_loopback_without_the_clusters_certificate_refuses_to_start()
    {
        var error = Assert.Throws<StartupException>(() => ServerApp.Build(["--urls", "http://127.0.0.1:0", "--cluster", "127.0.0.1:1", "--advertise", "10.1.2.3"]));
        Assert.StartsWith("GymBridge:Cluster: the silo and gateway ports on 10.1.2.3 would let any machine", error.Message, StringComparison.Ordinal);
        Assert.Contains("--cluster-certificate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cluster", "127.0.0.1:6379,nosuchkeyword=1", "is not a StackExchange.Redis connection string")]
    [InlineData("--advertise", "not-an-address", "is not an IP address")]
    public void A_cluster_setting_that_cannot_work_stops_the_start_with_one_clear_line(string name, string value, string says)
    {
        string[] args = name == "--cluster" ? ["--urls", "http://127.0.0.1:0", name, value] : ["--urls", "http://127.0.0.1:0", "--cluster", "127.0.0.1:1", name, value];
        var error = Assert.Throws<StartupException>(() => ServerApp.Build(args));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://127.0.0.2:80/", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://example.org:5000", false)]
    public void Loopback_addresses_are_recognised(string url, bool loopback) =>
        Assert.Equal(loopback, BindingGuard.IsLoopback(url));

    [Fact]
    public async Task Cors_allows_only_the_configured_origins()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:CorsOrigins:0"] = "http://allowed.test", ["GymBridge:WorkerCount"] = "1" });
        foreach (var (origin, allowed) in new[] { ("http://allowed.test", true), ("http://evil.test", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/envs/");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await host.Client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);

            using var get = new HttpRequestMessage(HttpMethod.Get, "v1/envs/");
            get.Headers.Add("Origin", origin);
            using var answer = await host.Client.SendAsync(get);
            Assert.Equal(allowed, answer.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Env_limits_global_and_per_client_answer_429()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:MaxEnvs"] = "3", ["GymBridge:MaxEnvsPerClient"] = "2", ["GymBridge:WorkerCount"] = "1" });
        var client = host.Client;
        var a = await client.CreateAsync("CartPole-v1");
        await client.CreateAsync("CartPole-v1");
        var perClient = await client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\"}");
        Api.AssertError(perClient, HttpStatusCode.TooManyRequests, "too_many_envs");
        Assert.Contains("This client", (string)perClient.Body!["message"]!, StringComparison.Ordinal);
        await client.CloseEnvAsync(a);
        await client.CreateAsync("CartPole-v1");

        // Another client (a second loopback address) may use the remaining global slot, then the server is full.
        using var other = host.ClientFrom("127.0.0.2");
        await other.CreateAsync("CartPole-v1");
        var global = await other.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\"}");
        Api.AssertError(global, HttpStatusCode.TooManyRequests, "too_many_envs");
        Assert.Contains("maximum of 3", (string)global.Body!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_envs_are_evicted_after_the_ttl_and_busy_ones_are_kept()
    {
        // A 2 s TTL with a request every ~0.2 s: a loaded CI machine has stalled a request loop for over 1 s.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:IdleTtl"] = "00:00:02", ["GymBridge:WorkerCount"] = "1" });
        var client = host.Client;
        var idle = await client.CreateAsync("CartPole-v1");
        var busy = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{busy}/reset/");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(4.5);
        while (DateTime.UtcNow < deadline)
        {
            await client.OkAsync(HttpMethod.Post, $"v1/envs/{busy}/step/", "{\"action\": 0}");
            await client.OkAsync(HttpMethod.Post, $"v1/envs/{busy}/reset/");
            await Task.Delay(200);
        }

        var gone = await client.PostJsonAsync($"v1/envs/{idle}/reset/");
        Api.AssertError(gone, HttpStatusCode.NotFound, "unknown_instance");
        Assert.Contains("idle", (string)gone.Body!["message"]!, StringComparison.Ordinal);
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{busy}/reset/");
        Assert.Equal(1, (int)(await client.OkAsync(HttpMethod.Get, "stats"))["envs"]!["evicted"]!);
    }

    [Fact]
    public async Task Vector_envs_count_their_sub_envs_against_the_limits_and_expire_when_idle()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["GymBridge:MaxEnvs"] = "5", ["GymBridge:MaxEnvsPerClient"] = "4", ["GymBridge:IdleTtl"] = "00:00:02", ["GymBridge:WorkerCount"] = "1",
        });
        var client = host.Client;
        var single = await client.CreateAsync("CartPole-v1");
        var tooMany = await client.PostJsonAsync("v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 4}");
        Api.AssertError(tooMany, HttpStatusCode.TooManyRequests, "too_many_envs");
        Assert.Contains("maximum of 4", (string)tooMany.Body!["message"]!, StringComparison.Ordinal);
        var vector = (string)(await client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 3}"))["instance_id"]!;
        Api.AssertError(await client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\"}"), HttpStatusCode.TooManyRequests, "too_many_envs");

        // Left idle, the vector env is evicted and its three sub-envs are free again.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var gone = await client.PostJsonAsync($"v1/vector_envs/{vector}/reset/");
        Api.AssertError(gone, HttpStatusCode.NotFound, "unknown_instance");
        Assert.Contains("idle", (string)gone.Body!["message"]!, StringComparison.Ordinal);
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{single}/reset/"), HttpStatusCode.NotFound, "unknown_instance");
        await client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 4}");
    }
}
