using System.IO.Compression;
using System.Net;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>
/// The peers' contracts their own suites check: openai's contains property form, gym's "malformed environment ID",
/// the upload's api_key message, and unrenormalizable's dialect (string seeds, GET /v1/envs/{id}/, render_frame, episodes).
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class LegacyContractTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Observation_space_contains_answers_openais_property_form_as_openais_server()
    {
        var id = await _client.CreateAsync("CartPole-v0");
        async Task<bool> Contains(string body) => (bool)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/observation_space/contains", body))["member"]!;
        Assert.True(await Contains("{\"name\": \"Box\"}"));
        Assert.True(await Contains("{\"shape\": [4]}"));
        Assert.True(await Contains("{\"name\": \"Box\", \"shape\": [4]}"));
        Assert.False(await Contains("{\"name\": \"Discrete\"}"));
        Assert.False(await Contains("{\"name\": \"Box\", \"shape\": [2]}"));
        Assert.True(await Contains("{\"x\": [0.0, 0.0, 0.0, 0.0]}")); // the value form still works
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/observation_space/contains", "{\"nmae\": \"Box\"}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/observation_space/contains", "{}"), HttpStatusCode.BadRequest, "bad_request");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task A_malformed_env_id_is_a_400_in_gyms_words()
    {
        var response = await _client.PostJsonAsync("v1/envs/", "{\"env_id\": \"bad string\"}");
        Api.AssertError(response, HttpStatusCode.BadRequest, "unknown_env");
        Assert.Contains("malformed environment ID", (string)response.Body!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_names_the_missing_parameter_before_saying_the_scoreboard_is_gone()
    {
        var noDirectory = await _client.PostJsonAsync("v1/upload/", "{\"api_key\": \"k\"}");
        Api.AssertError(noDirectory, HttpStatusCode.BadRequest, "bad_request");
        Assert.Contains("training_dir", (string)noDirectory.Body!["message"]!, StringComparison.Ordinal);
        foreach (var body in new[] { "{\"training_dir\": \"tmp\", \"api_key\": \"\"}", "{\"training_dir\": \"tmp\", \"api_key\": null}", "{\"training_dir\": \"tmp\"}" })
        {
            var response = await _client.PostJsonAsync("v1/upload/", body);
            Api.AssertError(response, HttpStatusCode.BadRequest, "bad_request");
            Assert.Equal("A required request parameter 'api_key' was not provided", (string?)response.Body!["message"]);
        }

        Api.AssertError(await _client.PostJsonAsync("v1/upload/", "{\"training_dir\": \"tmp\", \"api_key\": \"k\"}"), HttpStatusCode.Gone, "gone");
    }

    [Fact]
    public async Task Seeds_may_be_empty_strings_for_none_and_integer_strings()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        var seeded = (await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 42}"))["observation"]!.ToJsonString();
        Assert.Equal(seeded, (await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": \"42\"}"))["observation"]!.ToJsonString());
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": \"\"}");
        foreach (var bad in new[] { "\"4x\"", "\"-3\"", "-3", "\"1.5\"", "1.5", "true", "[1]" })
        {
            Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/reset/", $"{{\"seed\": {bad}}}"), HttpStatusCode.BadRequest, "bad_request");
        }

        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Get_env_answers_the_env_id()
    {
        var id = await _client.CreateAsync("CartPole-v1");
        Assert.Equal("CartPole-v1", (string?)(await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/"))["id"]);
        await _client.CloseEnvAsync(id);
        Api.AssertError(await _client.GetJsonAsync($"v1/envs/{id}/"), HttpStatusCode.NotFound, "unknown_instance");
    }

    [Fact]
    public async Task Render_answers_unrenormalizables_render_frame_for_ansi_and_rgb_frames()
    {
        var lake = await _client.CreateAsync("FrozenLake-v1", ", \"kwargs\": {\"render_mode\": \"ansi\"}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{lake}/reset/", "{\"seed\": \"\"}");
        Assert.Equal("\n\u001b[41mS\u001b[0mFFF\nFHFH\nFFFH\nHFFG\n", (string?)(await _client.OkAsync(HttpMethod.Get, $"v1/envs/{lake}/render/?format=json"))["render_frame"]);

        var car = await _client.CreateAsync("MountainCar-v0", ", \"kwargs\": {\"render_mode\": \"rgb_array\"}");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{car}/reset/", "{\"seed\": 3}");
        var render = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{car}/render/?format=json"); // that client asks with Content-Type: application/json
        var frame = render["render_frame"]!;
        Assert.Equal(400, (int)frame["rows"]!);
        Assert.Equal(600, (int)frame["cols"]!);
        using var zlib = new ZLibStream(new MemoryStream(Convert.FromBase64String((string)frame["data"]!)), CompressionMode.Decompress);
        using var rgba = new MemoryStream();
        await zlib.CopyToAsync(rgba);
        Assert.Equal(400 * 600 * 4, rgba.Length);
        Assert.All(Enumerable.Range(0, 400 * 600), i => Assert.Equal(255, rgba.GetBuffer()[(i * 4) + 3]));

        // cloudkj's fields are in the same answer: the two dialects share no field.
        var png = Convert.FromBase64String((string)render["data"]!);
        Assert.Equal("image/png", (string?)render["content_type"]);
        Assert.Equal(0x89, png[0]);
        await _client.CloseEnvAsync(lake);
        await _client.CloseEnvAsync(car);
    }

    [Fact]
    public async Task Episodes_play_count_random_episodes_from_seeded_resets()
    {
        var id = await _client.CreateAsync("FrozenLake-v1", ", \"kwargs\": {\"desc\": [\"SFFF\", \"FFFF\", \"FFFF\", \"HFFG\"]}");
        var episodes = (await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/episodes/", "{\"count\": 10, \"seed\": 2718}"))["episodes"]!.AsArray();
        Assert.Equal(10, episodes.Count);
        foreach (var episode in episodes.Select(e => e!.AsArray()))
        {
            Assert.True(episode.Count >= 2);
            Assert.Equal(0, (int)episode[0]!["s"]!); // every episode starts from the seeded reset
            Assert.Equal(0.0, (double)episode[0]!["r"]!);
            Assert.All(episode.Skip(1), state => Assert.InRange((int)state!["s"]!, 0, 15));
        }

        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/episodes/", "{\"seed\": 1}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/episodes/", "{\"count\": 0}"), HttpStatusCode.BadRequest, "bad_request");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/episodes/", "{\"count\": 100000}"), HttpStatusCode.BadRequest, "bad_request");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task The_unrenormalizable_client_calls_work_unchanged()
    {
        var (code, output, errors) = await Processes.PythonAsync("unrenormalizable_client.py", fixture.Host.BaseAddress.ToString());
        Assert.True(code == 0, $"unrenormalizable_client.py failed: {output}{errors}");
        Assert.Equal("ok", output.Trim());
    }
}
