using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using GymBridge.Server.Json;
using GymBridge.Server.Tests.TestSupport;
using GymBridge.Values;

namespace GymBridge.Server.Tests;

/// <summary>The vector extension (/v1/vector_envs/): N envs made, reset and stepped as one, against gymnasium's SyncVectorEnv.</summary>
[Collection(ServerGroup.Name)]
public sealed class VectorEnvTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData("NextStep")]
    [InlineData("SameStep")]
    public async Task A_seeded_vector_trajectory_equals_gymnasiums_SyncVectorEnv(string mode)
    {
        const int numEnvs = 3, seed = 17, steps = 40, limit = 12;
        var (exit, output, errors) = await Processes.PythonAsync("vector_reference.py", "CartPole-v1", $"{numEnvs}", $"{seed}", $"{steps}", mode, $"{limit}");
        Assert.True(exit == 0, errors);
        var reference = JsonNode.Parse(output)!;

        var created = await _client.OkAsync(HttpMethod.Post, "v1/vector_envs/",
            $"{{\"env_id\": \"CartPole-v1\", \"num_envs\": {numEnvs}, \"autoreset_mode\": \"{mode}\", \"max_episode_steps\": {limit}, \"seed\": {seed}}}");
        var id = (string)created["instance_id"]!;
        Assert.Matches("^v[0-9a-f]{8}$", id);
        Assert.Equal(numEnvs, (int)created["num_envs"]!);
        Assert.Equal(mode, (string?)created["autoreset_mode"]);
        Assert.Equal("Discrete", (string?)created["single_action_space"]!["name"]);
        Assert.Equal("Box", (string?)created["single_observation_space"]!["name"]);

        var reset = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/reset/", "{}");
        AssertSameFloats(reference["reset"]!, reset["observations"]!);
        var ended = 0;
        foreach (var step in reference["steps"]!.AsArray())
        {
            var result = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/step/", $"{{\"actions\": {step!["actions"]!.ToJsonString()}}}");
            AssertSameFloats(step["observations"]!, result["observations"]!);
            Assert.Equal(step["rewards"]!.AsArray().Select(r => (double)r!), result["rewards"]!.AsArray().Select(r => (double)r!));
            Assert.Equal(step["terminated"]!.ToJsonString(), result["terminated"]!.ToJsonString());
            Assert.Equal(step["truncated"]!.ToJsonString(), result["truncated"]!.ToJsonString());
            var done = result["done"]!.AsArray().Select(d => (bool)d!).ToArray();
            Assert.Equal(step["terminated"]!.AsArray().Zip(step["truncated"]!.AsArray(), (t, u) => (bool)t! || (bool)u!), done);
            ended += done.Count(d => d);
        }

        Assert.True(ended > 0, "the run should cross episode ends (autoreset)");
        var list = await _client.OkAsync(HttpMethod.Get, "v1/vector_envs/");
        Assert.Contains(list["vector_envs"]!.AsArray(), v => (string?)v!["instance_id"] == id);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Delete, $"v1/vector_envs/{id}/")).Status);
        Api.AssertError(await _client.PostJsonAsync($"v1/vector_envs/{id}/step/", "{\"actions\": [0, 0, 0]}"), HttpStatusCode.NotFound, "unknown_instance");
    }

    [Fact]
    public async Task Reset_mask_resets_only_the_marked_envs_in_Disabled_mode()
    {
        var id = (string)(await _client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 2, \"autoreset_mode\": \"Disabled\"}"))["instance_id"]!;
        var first = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/reset/", "{\"seed\": 5}");
        await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/step/", "{\"actions\": [1, 1]}");
        var stepped = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/step/", "{\"actions\": [1, 1]}");
        var partial = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/reset/", "{\"reset_mask\": [false, true]}");
        Assert.Equal(stepped["observations"]![0]!.ToJsonString(), partial["observations"]![0]!.ToJsonString());
        Assert.NotEqual(stepped["observations"]![1]!.ToJsonString(), partial["observations"]![1]!.ToJsonString());
        Assert.NotEqual(first["observations"]![1]!.ToJsonString(), partial["observations"]![1]!.ToJsonString());
        Api.AssertError(await _client.PostJsonAsync($"v1/vector_envs/{id}/reset/", "{\"reset_mask\": [true]}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync($"v1/vector_envs/{id}/reset/", "{\"reset_mask\": 3}"), HttpStatusCode.BadRequest, "bad_request");
        await _client.SendAsync(HttpMethod.Delete, $"v1/vector_envs/{id}/");
    }

    [Fact]
    public async Task Box_and_non_array_spaces_step_and_MessagePack_bodies_carry_ndarrays()
    {
        var box = (string)(await _client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"Pendulum-v1\", \"num_envs\": 2}"))["instance_id"]!;
        await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{box}/reset/", "{\"seed\": 1}");
        var stepped = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{box}/step/", "{\"actions\": [[0.5], 1.0]}");
        Assert.Equal(2, stepped["observations"]!.AsArray().Count);
        Assert.Equal(3, stepped["observations"]![0]!.AsArray().Count);

        var (status, body) = await SendMessagePackAsync($"v1/vector_envs/{box}/step/", GymMap.Of(("actions", NDArray.From([0.25f, -0.25f], 2, 1))));
        Assert.Equal(200, status);
        var observations = Assert.IsType<NDArray>(body.AsMap()["observations"]);
        Assert.Equal(DType.Float32, observations.DType);
        Assert.Equal([2, 3], observations.Shape);
        await _client.SendAsync(HttpMethod.Delete, $"v1/vector_envs/{box}/");

        var tuple = (string)(await _client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"Blackjack-v1\", \"num_envs\": 2}"))["instance_id"]!;
        var reset = await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{tuple}/reset/", "{\"seed\": 3}");
        Assert.Equal(3, reset["observations"]![0]!.AsArray().Count); // (player sum, dealer card, usable ace)
        await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{tuple}/step/", "{\"actions\": [0, 0]}");
        await _client.SendAsync(HttpMethod.Delete, $"v1/vector_envs/{tuple}/");
    }

    [Theory]
    [InlineData("{\"env_id\": \"CartPole-v1\"}", "bad_request")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"num_envs\": 0}", "bad_request")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"num_envs\": 100000}", "bad_request")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"num_envs\": \"two\"}", "bad_request")]
    [InlineData("{\"env_id\": \"CartPole-v1\", \"num_envs\": 2, \"autoreset_mode\": \"Sometimes\"}", "bad_request")]
    [InlineData("{\"env_id\": \"NoSuchEnv-v0\", \"num_envs\": 2}", "unknown_env")]
    [InlineData("{\"num_envs\": 2}", "bad_request")]
    [InlineData("[1, 2]", "malformed_body")]
    public async Task Bad_create_requests_are_400(string json, string kind) =>
        Api.AssertError(await _client.PostJsonAsync("v1/vector_envs/", json), HttpStatusCode.BadRequest, kind);

    [Theory]
    [InlineData("{}", "bad_request")]
    [InlineData("{\"actions\": 1}", "bad_request")]
    [InlineData("{\"actions\": [0]}", "invalid_action")]
    [InlineData("{\"actions\": [0, 1, 1]}", "invalid_action")]
    [InlineData("{\"actions\": [0, 7]}", "invalid_action")]
    [InlineData("{\"actions\": [0, \"left\"]}", "invalid_action")]
    [InlineData("{\"actions\": [0, [1, 1]]}", "invalid_action")]
    public async Task Wrong_action_counts_and_types_are_400_and_the_vector_env_stays_usable(string json, string kind)
    {
        var id = (string)(await _client.OkAsync(HttpMethod.Post, "v1/vector_envs/", "{\"env_id\": \"CartPole-v1\", \"num_envs\": 2}"))["instance_id"]!;
        await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/reset/");
        var error = await _client.PostJsonAsync($"v1/vector_envs/{id}/step/", json);
        Api.AssertError(error, HttpStatusCode.BadRequest, kind);
        await _client.OkAsync(HttpMethod.Post, $"v1/vector_envs/{id}/step/", "{\"actions\": [0, 1]}");
        await _client.SendAsync(HttpMethod.Delete, $"v1/vector_envs/{id}/");
    }

    [Fact]
    public async Task Unknown_vector_ids_are_404_on_every_route()
    {
        Api.AssertError(await _client.PostJsonAsync("v1/vector_envs/v00000000/reset/"), HttpStatusCode.NotFound, "unknown_instance");
        Api.AssertError(await _client.PostJsonAsync("v1/vector_envs/v00000000/step/", "{\"actions\": [0]}"), HttpStatusCode.NotFound, "unknown_instance");
        Api.AssertError(await _client.SendAsync(HttpMethod.Delete, "v1/vector_envs/v00000000/"), HttpStatusCode.NotFound, "unknown_instance");
    }

    [Fact]
    public async Task The_OpenApi_document_lists_the_vector_routes()
    {
        var paths = (await _client.OkAsync(HttpMethod.Get, "openapi.json"))["paths"]!.AsObject();
        Assert.NotNull(paths["/v1/vector_envs"]!["post"]);
        Assert.NotNull(paths["/v1/vector_envs"]!["get"]);
        Assert.NotNull(paths["/v1/vector_envs/{id}"]!["delete"]);
        Assert.NotNull(paths["/v1/vector_envs/{id}/reset"]!["post"]);
        Assert.NotNull(paths["/v1/vector_envs/{id}/step"]!["post"]);
    }

    private static void AssertSameFloats(JsonNode expected, JsonNode actual)
    {
        var flat = Flatten(actual).ToArray();
        var want = expected.AsArray().Select(v => (float)(double)v!).ToArray();
        Assert.Equal(want.Select(BitConverter.SingleToInt32Bits), flat.Select(v => BitConverter.SingleToInt32Bits((float)v)));

        static IEnumerable<double> Flatten(JsonNode node) => node is JsonArray array ? array.SelectMany(n => Flatten(n!)) : [(double)node];
    }

    private async Task<(int Status, GymValue Body)> SendMessagePackAsync(string path, GymValue body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Accept.ParseAdd("application/msgpack");
        var buffer = new ArrayBufferWriter<byte>();
        MessagePackBody.Write(buffer, body);
        request.Content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        request.Content.Headers.ContentType = new("application/msgpack");
        using var response = await _client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, MessagePackBody.Read(new ReadOnlySequence<byte>(bytes)));
    }
}
