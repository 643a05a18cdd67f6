using System.Net;
using System.Text;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>
/// The host on its defaults (loopback, no key) cannot be driven by another site's page: no foreign Host names (DNS
/// rebinding), no body a cross-site form or no-preflight fetch can send, no foreign Origin on REST or the WebSocket;
/// and no client-named module is imported. Each door opens on purpose with its option.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class BrowserGuardTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("text/html")]
    [InlineData(null)]
    public async Task Bodies_that_are_neither_json_nor_messagepack_are_415_and_nothing_is_made(string? contentType)
    {
        var before = (await _client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = new ByteArrayContent("{\"env_id\": \"CartPole-v1\"}"u8.ToArray()) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await _client.SendAsync(request);
        Api.AssertError((response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(before, (await _client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/json")]
    [InlineData("application/vnd.gym+json")]
    public async Task Json_media_types_are_read(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = new ByteArrayContent("{\"env_id\": \"CartPole-v1\"}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _client.CloseEnvAsync((string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["instance_id"]!);
    }

    [Fact]
    public async Task A_route_that_needs_no_body_works_without_one_whatever_its_content_type()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        using var reset = new HttpRequestMessage(HttpMethod.Post, $"v1/envs/{id}/reset/") { Content = new ByteArrayContent([]) };
        reset.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        using (var response = await _client.SendAsync(reset))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var close = new HttpRequestMessage(HttpMethod.Post, $"v1/envs/{id}/close/");
        using (var response = await _client.SendAsync(close))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5000")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Host_names_other_than_loopback_ones_are_refused(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = Json("{\"env_id\": \"CartPole-v1\"}") };
        request.Headers.Host = host;
        using var response = await _client.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Api.AssertError((response.StatusCode, body), HttpStatusCode.Forbidden, "host_refused");
        Assert.Contains("--allowed-host", (string)body!["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost:5000")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:5000")]
    [InlineData("0.0.0.0")] // Gymie's client, with no port
    public async Task Loopback_host_names_are_served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/envs/");
        request.Headers.Host = host;
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost:1")]
    [InlineData("https://127.0.0.1")]
    public async Task A_foreign_origin_is_refused_on_rest(string origin)
    {
        var before = (await _client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = Json("{\"env_id\": \"CartPole-v1\"}") };
        request.Headers.Add("Origin", origin);
        using var response = await _client.SendAsync(request);
        Api.AssertError((response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())), HttpStatusCode.Forbidden, "origin_refused");
        Assert.Equal(before, (await _client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]!.AsObject().Count);

        // Reads too: a page must not learn the envs, the host's counters (/stats: allocated_bytes, pids) or its health.
        foreach (var path in new[] { "v1/envs/", "stats", "healthz" })
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, path);
            get.Headers.Add("Origin", origin);
            using var read = await _client.SendAsync(get);
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }
    }

    [Fact]
    public async Task The_hosts_own_origin_is_served()
    {
        var own = fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = Json("{\"env_id\": \"CartPole-v1\"}") };
        request.Headers.Add("Origin", own);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["instance_id"]!;
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task A_websocket_upgrade_from_a_foreign_origin_is_refused_and_gymies_client_shape_is_served()
    {
        await using (var foreign = await RawWebSocket.ConnectAsync(fixture.Host.BaseAddress, "/gym", ("Origin", "http://evil.example")))
        {
            Assert.Equal(403, foreign.Status);
        }

        await using (var renamed = await RawWebSocket.ConnectAsync(fixture.Host.BaseAddress, "/gym", ("Host", "evil.example")))
        {
            Assert.Equal(403, renamed.Status);
        }

        // Gymie's Python client: Host 0.0.0.0 without a port, no Origin.
        await using var gymie = await RawWebSocket.ConnectAsync(fixture.Host.BaseAddress, "/gym", ("Host", "0.0.0.0"));
        Assert.Equal(101, gymie.Status);
        await gymie.SendTextAsync("{\"method\": \"make\", \"params\": {\"env_id\": \"CartPole-v1\"}}");
        Assert.Contains("instance_id", await gymie.ReceiveTextAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

        await using var own = await RawWebSocket.ConnectAsync(fixture.Host.BaseAddress, "/gym?protocol=gymnasium", ("Origin", fixture.Host.BaseAddress.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(101, own.Status);
    }

    [Fact]
    public async Task A_module_env_id_is_refused_before_anything_is_imported_over_rest_and_websocket()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:WorkerCount"] = "1" });
        var refused = await host.Client.PostJsonAsync("v1/envs/", "{\"env_id\": \"gymbridge_testenvs.canary:GymBridgeTest/Canary-v0\"}");
        Api.AssertError(refused, HttpStatusCode.Forbidden, "module_not_allowed");
        Assert.Contains("--allow-module gymbridge_testenvs.canary", (string)refused.Body!["message"]!, StringComparison.Ordinal);
        Api.AssertError(await host.Client.PostJsonAsync("v1/vector_envs/", "{\"env_id\": \"this:Anything-v0\", \"num_envs\": 2}"), HttpStatusCode.Forbidden, "module_not_allowed");

        await using (var socket = await RawWebSocket.ConnectAsync(host.BaseAddress, "/gym?protocol=gymnasium"))
        {
            await socket.SendTextAsync("{\"method\": \"make\", \"params\": {\"env_id\": \"gymbridge_testenvs.canary:GymBridgeTest/Canary-v0\"}}");
            Assert.Contains("module_not_allowed", await socket.ReceiveTextAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        }

        // The one worker never imported the module: its registry has no canary. Modules given to --import stay usable.
        var registry = (await host.Client.OkAsync(HttpMethod.Get, "v1/registry/"))["env_ids"]!.AsArray().Select(id => (string)id!).ToList();
        Assert.DoesNotContain("GymBridgeTest/Canary-v0", registry);
        Assert.Contains("GymBridgeTest/AllSpaces-v0", registry);
        await host.Client.CreateAsync("gymbridge_testenvs:GymBridgeTest/AllSpaces-v0");
    }

    [Fact]
    public async Task Each_door_opens_on_purpose_allowed_modules_origins_and_host_names()
    {
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["GymBridge:WorkerCount"] = "1" },
            "--allow-module", "gymbridge_testenvs.canary", "--allow-module", "this", "--cors-origin", "http://app.test", "--allowed-host", "gym.test", "--allowed-host", "127.0.0.1");
        var client = host.Client;
        await client.CreateAsync("gymbridge_testenvs.canary:GymBridgeTest/Canary-v0");
        Assert.Contains("GymBridgeTest/Canary-v0", (await client.OkAsync(HttpMethod.Get, "v1/registry/"))["env_ids"]!.AsArray().Select(id => (string)id!));

        using var fromApp = new HttpRequestMessage(HttpMethod.Post, "v1/envs/") { Content = Json("{\"env_id\": \"CartPole-v1\"}") };
        fromApp.Headers.Add("Origin", "http://app.test");
        using (var response = await client.SendAsync(fromApp))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("http://app.test", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        foreach (var (name, served) in new[] { ("gym.test", true), ("localhost", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/envs/");
            request.Headers.Host = name;
            using var response = await client.SendAsync(request);
            Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
