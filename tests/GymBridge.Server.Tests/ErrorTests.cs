using System.Net;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>Every error path answers with a status, a kind and a message; none hangs or returns a bare 500.</summary>
[Collection(ServerGroup.Name)]
public sealed class ErrorTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Unknown_env_id_is_a_400_naming_the_id_with_gymnasiums_message()
    {
        var response = await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"NoSuchEnv-v7\"}");
        Api.AssertError(response, HttpStatusCode.BadRequest, "unknown_env");
        var message = (string)response.Body!["message"]!;
        Assert.Contains("NoSuchEnv-v7", message, StringComparison.Ordinal);
        Assert.Contains("doesn't exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_env_id_is_a_400_with_the_legacy_message()
    {
        var response = await _client.PostJsonAsync("v1/envs/", "{}");
        Api.AssertError(response, HttpStatusCode.BadRequest, "bad_request");
        Assert.Equal("A required request parameter 'env_id' was not provided", (string?)response.Body!["message"]);
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "{\"env_id\": 5}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \" \\t\"}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync("v1/vector_envs/", "{\"env_id\": \"  \", \"num_envs\": 2}"), HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Bad_make_arguments_are_a_400()
    {
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\", \"render_mode\": \"hologram\"}"), HttpStatusCode.BadRequest, "bad_argument");
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\", \"kwargs\": {\"no_such_kwarg\": 1}}"), HttpStatusCode.BadRequest, "bad_argument");
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"CartPole-v1\", \"max_episode_steps\": \"many\"}"), HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task Unknown_and_closed_instances_are_404()
    {
        foreach (var (method, path) in new[] { ("POST", "reset/"), ("POST", "step/"), ("GET", "action_space/"), ("GET", "observation_space/"), ("GET", "monitor/render/"), ("DELETE", "") })
        {
            Api.AssertError(await _client.SendAsync(new HttpMethod(method), $"v1/envs/0badc0de/{path}", method == "POST" ? "{\"action\": 0}" : null), HttpStatusCode.NotFound, "unknown_instance");
        }

        var id = await _client.CreateAsync("CartPole-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/close/");
        var response = await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 0}");
        Api.AssertError(response, HttpStatusCode.NotFound, "unknown_instance");
        Assert.Contains("was closed", (string)response.Body!["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"action\": 2}")] // range
    [InlineData("{\"action\": -1}")]
    [InlineData("{\"action\": 0.5}")] // type
    [InlineData("{\"action\": \"left\"}")]
    [InlineData("{\"action\": [0, 1]}")] // shape
    [InlineData("{\"action\": {\"a\": 1}}")]
    public async Task Invalid_actions_are_a_400_and_the_env_stays_usable(string body)
    {
        var id = await _client.CreateAsync("CartPole-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", body), HttpStatusCode.BadRequest, "invalid_action");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Invalid_box_actions_are_a_400_and_missing_actions_say_so()
    {
        var id = await _client.CreateAsync("Pendulum-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": [5.0]}"), HttpStatusCode.BadRequest, "invalid_action");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": [0.1, 0.2]}"), HttpStatusCode.BadRequest, "invalid_action");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": [[0.1]]}"), HttpStatusCode.BadRequest, "invalid_action");
        var missing = await _client.PostJsonAsync($"v1/envs/{id}/step/", "{}");
        Api.AssertError(missing, HttpStatusCode.BadRequest, "bad_request");
        Assert.Equal("A required request parameter 'action' was not provided", (string?)missing.Body!["message"]);
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": null}"), HttpStatusCode.BadRequest, "bad_request");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": [0.0]}");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Actions_the_worker_refuses_are_a_400_too()
    {
        // The Text part is only checked by the worker's gymnasium: "!!" is not in the alphanumeric charset.
        var id = await _client.CreateAsync("GymBridgeTest/AllSpaces-v0");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": [5, [0.0, 0.0]]}"), HttpStatusCode.BadRequest, "invalid_action");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": [2, [0.0, 0.0]]}");
        await _client.CloseEnvAsync(id);
    }

    [Theory]
    [InlineData("{\"action\": ")]
    [InlineData("{action: 1}")]
    [InlineData("[1, 2")]
    [InlineData("\u0001\u0002")]
    [InlineData("{\"action\": 1} trailing")]
    [InlineData("{\"action\": 1e999}")]
    public async Task Malformed_json_is_a_400(string body)
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", body), HttpStatusCode.BadRequest, "malformed_body");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_a_400()
    {
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "[\"CartPole-v1\"]"), HttpStatusCode.BadRequest, "malformed_body");
        Api.AssertError(await _client.PostJsonAsync("v1/envs/", "\"CartPole-v1\""), HttpStatusCode.BadRequest, "malformed_body");
    }

    [Fact]
    public async Task Malformed_messagepack_is_a_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/envs/");
        request.Content = new ByteArrayContent([0x81, 0xA6, (byte)'e', (byte)'n', 0xC1]);
        request.Content.Headers.ContentType = new("application/msgpack");
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed_body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        var huge = "{\"action\": [" + string.Join(",", Enumerable.Repeat("0", 700_000)) + "]}";
        // As curl does for large bodies: Expect 100-continue, so the 413 arrives before the body is sent
        // (without it the server's early answer can race the client's upload and show up as a broken pipe).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/envs/{id}/step/") { Content = new StringContent(huge) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Api.AssertError((response.StatusCode, body), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Render_without_a_render_mode_is_a_400()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Api.AssertError(await _client.GetJsonAsync($"v1/envs/{id}/monitor/render/"), HttpStatusCode.BadRequest, "no_render_mode");
        Api.AssertError(await _client.GetJsonAsync($"v1/envs/{id}/monitor/stream/"), HttpStatusCode.BadRequest, "no_render_mode");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task An_env_that_raises_is_a_500_env_error_without_traceback_and_stays_usable()
    {
        var id = await _client.CreateAsync("GymBridgeTest/Raising-v0");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        var response = await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 1}");
        Api.AssertError(response, HttpStatusCode.InternalServerError, "env_error");
        Assert.Contains("RuntimeError: the env raised on purpose", (string)response.Body!["message"]!, StringComparison.Ordinal);
        Assert.Null(response.Body["traceback"]);
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        await _client.CloseEnvAsync(id);
    }

    [Theory]
    [InlineData("bad string", "malformed environment ID")]
    [InlineData("x/y/z-v1", "malformed environment ID")]
    [InlineData("Taxi-v3", "deprecated")]
    [InlineData("FrozenLake-v0", "deprecated")]
    public async Task Malformed_and_deprecated_env_ids_are_400_unknown_env(string envId, string says)
    {
        var response = await _client.PostJsonAsync("v1/envs/", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["env_id"] = envId }));
        Api.AssertError(response, HttpStatusCode.BadRequest, "unknown_env");
        Assert.Contains(says, (string)response.Body!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_and_render_before_the_first_reset_are_400_reset_needed_and_the_env_is_unchanged()
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 0}"), HttpStatusCode.BadRequest, "reset_needed");
        Api.AssertError(await _client.GetJsonAsync($"v1/envs/{id}/monitor/render/?format=json"), HttpStatusCode.BadRequest, "reset_needed");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 1}");
        Assert.Equal(1.0, (double)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}"))["reward"]!);
        await _client.CloseEnvAsync(id);
    }

    [Theory]
    [InlineData("{\"options\": {\"low\": \"abc\"}}")]
    [InlineData("{\"options\": {\"low\": 1.0, \"high\": 0.0}}")]
    [InlineData("{\"options\": {\"high\": [1, 2]}}")]
    [InlineData("{\"options\": {\"low\": null}}")]
    public async Task Reset_options_the_env_cannot_use_are_400_bad_argument_and_the_env_stays_usable(string body)
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/reset/", body), HttpStatusCode.BadRequest, "bad_argument");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"options\": {\"low\": -0.01, \"high\": 0.01}}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        await _client.CloseEnvAsync(id);
    }

    [Theory]
    [InlineData("{\"env_id\": \"FrozenLake-v1\", \"kwargs\": {\"map_name\": 123}}")]
    [InlineData("{\"env_id\": \"FrozenLake-v1\", \"kwargs\": {\"desc\": 5}}")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"max_episode_steps\": -5}")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"max_episode_steps\": 99999999999}")]
    public async Task Make_arguments_the_env_refuses_are_400(string body)
    {
        var response = await _client.PostJsonAsync("v1/envs/", body);
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.Body?.ToJsonString());
    }

    [Fact]
    public async Task An_env_whose_family_is_not_installed_here_is_400_dependency_missing_naming_the_command()
    {
        // The tests must not need the extras: where Box2D is installed the env is simply made.
        var response = await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"LunarLander-v3\"}");
        if (response.Status == HttpStatusCode.OK)
        {
            await _client.CloseEnvAsync((string)response.Body!["instance_id"]!);
            return;
        }

        Api.AssertError(response, HttpStatusCode.BadRequest, "dependency_missing");
        Assert.Contains("scripts/bootstrap-python.sh --extras box2d", (string)response.Body!["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "v1/envs/0badc0de/step/")]
    [InlineData("POST", "v1/envs/0badc0de/reset/")]
    [InlineData("POST", "v1/envs/0badc0de/observation_space/contains")]
    [InlineData("POST", "v1/envs/0badc0de/action_space/contains")]
    [InlineData("POST", "v1/envs/0badc0de/monitor/start/")]
    [InlineData("POST", "v1/envs/0badc0de/episodes/")]
    [InlineData("POST", "v1/vector_envs/v0badc0de/step/")]
    [InlineData("POST", "v1/vector_envs/v0badc0de/reset/")]
    public async Task An_unknown_instance_is_404_before_its_body_is_read(string method, string path)
    {
        foreach (var body in new[] { "{\"broken", "{}", "[1]" })
        {
            Api.AssertError(await _client.SendAsync(new HttpMethod(method), path, body), HttpStatusCode.NotFound, "unknown_instance");
        }
    }

    [Fact]
    public async Task Upload_is_gone_and_shutdown_is_disabled_by_default()
    {
        Api.AssertError(await _client.PostJsonAsync("v1/upload/", "{\"training_dir\": \"tmp\", \"api_key\": \"k\"}"), HttpStatusCode.Gone, "gone");
        Api.AssertError(await _client.PostJsonAsync("v1/shutdown/"), HttpStatusCode.NotFound, "disabled");
        Api.AssertError(await _client.GetJsonAsync("v1/no/such/route"), HttpStatusCode.NotFound, "not_found");
    }
}

/// <summary>Error paths that need a host of their own: worker crashes and hangs, tracebacks, shutdown.</summary>
public sealed class IsolatedErrorTests
{
    [Fact]
    public async Task A_worker_crash_is_a_503_for_its_env_then_410_while_envs_on_other_workers_keep_working()
    {
        await using var host = await TestHost.StartAsync();
        var client = host.Client;
        var doomed = await client.CreateAsync("GymBridgeTest/Exiting-v0");
        var survivor = await client.CreateAsync("CartPole-v1"); // the least-loaded worker: the other one
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{doomed}/reset/");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{survivor}/reset/");

        var crash = await client.PostJsonAsync($"v1/envs/{doomed}/step/", "{\"action\": 1}");
        Api.AssertError(crash, HttpStatusCode.ServiceUnavailable, "env_lost");
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{doomed}/step/", "{\"action\": 0}"), HttpStatusCode.Gone, "env_lost");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{survivor}/step/", "{\"action\": 0}");
        var list = await client.OkAsync(HttpMethod.Get, "v1/envs/");
        Assert.Null(list["all_envs"]![doomed]);
        await client.OkAsync(HttpMethod.Delete, $"v1/envs/{doomed}/");
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{doomed}/step/", "{\"action\": 0}"), HttpStatusCode.NotFound, "unknown_instance");
    }

    [Fact]
    public async Task A_hanging_env_hits_the_request_time_limit_then_the_worker_timeout()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["GymBridge:RequestTimeLimit"] = "00:00:01",
            ["GymBridge:RequestTimeout"] = "00:00:03",
        });
        var client = host.Client;
        var id = await client.CreateAsync("GymBridgeTest/Hanging-v0");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        var started = DateTime.UtcNow;
        Api.AssertError(await client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 1}"), HttpStatusCode.ServiceUnavailable, "request_timeout");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));

        // The worker is still stuck; after the worker timeout it is stopped and the env is lost.
        var later = await client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 0}");
        Assert.Contains(later.Status, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.Gone });
        var other = await client.CreateAsync("CartPole-v1");
        await client.OkAsync(HttpMethod.Post, $"v1/envs/{other}/reset/");
    }

    [Fact]
    public async Task DevelopmentDetails_puts_the_python_traceback_in_env_errors()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:DevelopmentDetails"] = "true", ["GymBridge:WorkerCount"] = "1" });
        var id = await host.Client.CreateAsync("GymBridgeTest/Raising-v0");
        await host.Client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        var response = await host.Client.PostJsonAsync($"v1/envs/{id}/step/", "{\"action\": 1}");
        Api.AssertError(response, HttpStatusCode.InternalServerError, "env_error");
        Assert.Contains("Traceback", (string)response.Body!["traceback"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_stops_the_server_when_enabled()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:EnableShutdown"] = "true", ["GymBridge:WorkerCount"] = "1" });
        var lifetime = host.App.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        var body = await host.Client.OkAsync(HttpMethod.Post, "v1/shutdown/");
        Assert.Equal("Server shutting down", (string?)body["message"]);
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
