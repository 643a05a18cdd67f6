using System.Net;
using System.Text.Json.Nodes;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>Every /v1/envs endpoint against real workers, in the shapes the peers' clients read.</summary>
[Collection(ServerGroup.Name)]
public sealed class EnvEndpointTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Create_list_reset_step_and_delete_a_CartPole()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Assert.Matches("^[0-9a-f]{8}$", id);

        var list = await _client.OkAsync(HttpMethod.Get, "v1/envs/");
        Assert.Equal("CartPole-v1", (string?)list["all_envs"]![id]);

        var reset = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 3}");
        Assert.Equal(4, reset["observation"]!.AsArray().Count);
        Assert.IsType<JsonObject>(reset["info"]);

        var step = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        Assert.Equal(4, step["observation"]!.AsArray().Count);
        Assert.Equal(1.0, (double)step["reward"]!);
        Assert.False((bool)step["terminated"]!);
        Assert.False((bool)step["truncated"]!);
        Assert.False((bool)step["done"]!);
        Assert.Contains("\"reward\":1.0", step.ToJsonString(), StringComparison.Ordinal);

        var deleted = await _client.OkAsync(HttpMethod.Delete, $"v1/envs/{id}/");
        Assert.Equal("Environment closed and deleted.", (string?)deleted["message"]);
        list = await _client.OkAsync(HttpMethod.Get, "v1/envs/");
        Assert.Null(list["all_envs"]![id]);
    }

    [Fact]
    public async Task Trailing_slashes_are_optional_everywhere()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        await _client.OkAsync(HttpMethod.Get, "v1/envs");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step", "{\"action\": 0}");
        await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space");
        await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/observation_space");
        await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/sample/");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/close");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetJsonAsync($"v1/envs/{id}/action_space")).Status);
    }

    [Fact]
    public async Task Reset_accepts_an_empty_body_null_and_empty_object()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "null");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": null, \"options\": null}");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task A_seed_makes_resets_reproducible_and_a_create_seed_applies_to_the_first_reset()
    {
        var a = await _client.CreateAsync("CartPole-v1");
        var b = await _client.CreateAsync("CartPole-v1", ", \"seed\": 11");
        var first = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{a}/reset/", "{\"seed\": 11}");
        var second = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{b}/reset/");
        Assert.Equal(first["observation"]!.ToJsonString(), second["observation"]!.ToJsonString());
        await _client.CloseEnvAsync(a);
        await _client.CloseEnvAsync(b);
    }

    [Fact]
    public async Task Make_options_kwargs_and_max_episode_steps_reach_gymnasium()
    {
        var id = await _client.CreateAsync("FrozenLake-v1", ", \"kwargs\": {\"is_slippery\": false}, \"max_episode_steps\": 3");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 0}");
        // Not slippery: action 2 (right) always moves right from state 0 to 1.
        var step = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 2}");
        Assert.Equal(1, (int)step["observation"]!);
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        step = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
        Assert.True((bool)step["truncated"]!);
        Assert.True((bool)step["done"]!);
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Spaces_describe_Discrete_and_Box_in_both_shapes_with_infinity_encoded()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        var action = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/");
        Assert.Equal("Discrete", (string?)action["info"]!["name"]);
        Assert.Equal(2, (int)action["info"]!["n"]!);
        Assert.Equal(2, (int)action["n"]!); // cloudkj's flat form

        var observation = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/observation_space/");
        var info = observation["info"]!;
        Assert.Equal("Box", (string?)info["name"]);
        Assert.Equal("[4]", info["shape"]!.ToJsonString());
        Assert.Equal("float32", (string?)info["dtype"]);
        Assert.Equal(4.8, (double)info["high"]![0]!, 5);
        Assert.Equal(double.MaxValue, (double)info["high"]![1]!); // +inf, as documented
        Assert.Equal(-double.MaxValue, (double)info["low"]![1]!);
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Spaces_of_every_type_are_described_nested()
    {
        var id = await _client.CreateAsync("GymBridgeTest/AllSpaces-v0");
        var observation = (await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/observation_space/"))["info"]!;
        Assert.Equal("Dict", (string?)observation["name"]);
        var spaces = observation["spaces"]!;
        Assert.Equal("[[-1.0,-1.0,-1.0],[-1.0,-1.0,-1.0]]", spaces["position"]!["low"]!.ToJsonString());
        Assert.Equal("MultiBinary", (string?)spaces["flags"]!["name"]);
        Assert.Equal(4, (int)spaces["flags"]!["n"]!);
        Assert.Equal("[3,4,5]", spaces["grid"]!["nvec"]!.ToJsonString());
        Assert.Equal("Tuple", (string?)spaces["pair"]!["name"]);
        Assert.Equal(-2, (int)spaces["pair"]!["spaces"]![0]!["start"]!);
        Assert.Equal("Text", (string?)spaces["pair"]!["spaces"]![1]!["name"]);
        Assert.Equal("uint8", (string?)spaces["pixels"]!["dtype"]);

        var reset = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 1, \"options\": {\"level\": 2}}");
        Assert.Equal(2, (int)reset["info"]!["options"]!["level"]!);
        Assert.IsType<JsonArray>(reset["observation"]!["pair"]);
        Assert.IsAssignableFrom<JsonValue>(reset["observation"]!["pair"]![1]); // the Text value: a string

        var step = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": [1, [0.5, -0.25]]}");
        Assert.Equal(0.25, (double)step["info"]!["nested"]!["float32"]!);
        Assert.Equal("[0,1,2]", step["info"]!["nested"]!["array"]!.ToJsonString());
        Assert.Equal("[1,2.5,\"three\"]", step["info"]!["tuple"]!.ToJsonString());
        Assert.True((bool)step["info"]!["numpy_bool"]!);
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Sample_and_contains_answer_as_gymnasium()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        for (var i = 0; i < 5; i++)
        {
            var sample = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/sample");
            Assert.InRange((int)sample["action"]!, 0, 1);
        }

        Assert.True((bool)(await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/contains/1"))["member"]!);
        Assert.False((bool)(await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/contains/2"))["member"]!);
        Assert.False((bool)(await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/action_space/contains/left"))["member"]!);
        Assert.True((bool)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/action_space/contains", "{\"x\": 0}"))["member"]!);
        Assert.True((bool)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/observation_space/contains", "{\"x\": [0.0, 0.1, 0.0, -0.1]}"))["member"]!);
        Assert.False((bool)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/observation_space/contains", "{\"x\": [9.0, 0.0, 0.0, 0.0]}"))["member"]!);
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Box_actions_are_accepted_as_lists_and_as_a_bare_number_for_one_element()
    {
        var id = await _client.CreateAsync("Pendulum-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 0}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": [0.5]}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": -1.5}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": [2]}");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Transitions_return_the_whole_toy_text_model()
    {
        var id = await _client.CreateAsync("FrozenLake-v1");
        var transitions = (await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/transitions/"))["transitions"]!.AsObject();
        Assert.Equal(16, transitions.Count);
        var fromStart = transitions["0"]!["1"]!.AsArray(); // state 0, action down: slippery, three outcomes
        Assert.Equal(3, fromStart.Count);
        Assert.Equal(1.0, fromStart.Sum(t => (double)t![0]!), 9);
        Assert.IsType<bool>(fromStart[0]![3]!.GetValue<bool>());
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Transitions_of_an_env_without_a_model_are_a_400()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Api.AssertError(await _client.GetJsonAsync($"v1/envs/{id}/transitions/"), HttpStatusCode.BadRequest, "not_supported");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Registry_lists_every_env_id_and_healthz_is_ok()
    {
        var ids = (await _client.OkAsync(HttpMethod.Get, "v1/registry/"))["env_ids"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Contains("CartPole-v1", ids);
        Assert.Contains("GymBridgeTest/AllSpaces-v0", ids);
        var health = await _client.OkAsync(HttpMethod.Get, "healthz");
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal(2, (int)health["workers"]!);
    }

    [Fact]
    public async Task Stats_count_envs_steps_and_requests_per_endpoint()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        var stats = await _client.OkAsync(HttpMethod.Get, "stats");
        Assert.True((long)stats["steps"]! >= 2);
        Assert.True((long)stats["allocated_bytes"]! > 0);
        Assert.True((long)stats["requests"]!["step"]! >= 2);
        Assert.True((long)stats["requests"]!["create"]! >= 1);
        var mine = stats["instances"]!.AsArray().Single(i => (string?)i!["instance_id"] == id)!;
        Assert.Equal(2, (long)mine["steps"]!);
        Assert.Equal(2.0, (double)mine["episode_return"]!);
        Assert.Equal(2, stats["workers"]!.AsArray().Count);
        Assert.True((int)stats["workers"]![0]!["pid"]! > 0);
        await _client.OkAsync(HttpMethod.Get, "v1/stats");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_route_and_the_docs_page_is_served_locally()
    {
        var document = await _client.OkAsync(HttpMethod.Get, "openapi.json");
        Assert.StartsWith("3.1", (string?)document["openapi"], StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        var routes = fixture.Host.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not ("{**path}" or "/openapi.json")) // the 404 fallback and the document itself
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Path: e.RoutePattern.RawText!, Method: method.ToLowerInvariant())))
            .ToList();
        Assert.True(routes.Count >= 30, $"{routes.Count} routes");
        Assert.All(routes, route =>
        {
            var operation = paths[route.Path]?[route.Method];
            Assert.True(operation is not null, $"{route.Method} {route.Path} is not in the document");
            Assert.NotNull(operation["summary"]);
            Assert.NotNull(operation["responses"]!["200"] ?? operation["responses"]!["101"]);
        });

        // Every body has a schema: the reply of each route, and the request body of those that read one.
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.Contains("StepRequest", schemas.Select(s => s.Key));
        Assert.Equal("string", (string?)schemas["CreateRequest"]!["properties"]!["env_id"]!["type"]);
        Assert.NotNull(paths["/v1/envs/{id}/step"]!["post"]!["requestBody"]!["content"]!["application/msgpack"]);
        Assert.NotNull(paths["/v1/envs/{id}/step"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);

        using var docs = await _client.GetAsync("docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var html = await docs.Content.ReadAsStringAsync();
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // no CDN: the UI is served by the host
        using var bundle = await _client.GetAsync("docs/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }
}
