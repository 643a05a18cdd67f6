using System.Net;
using System.Text;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>Render (PNG and JSON), the MJPEG stream and its clean end, and MP4 recording confined to the recordings root.</summary>
[Collection(ServerGroup.Name)]
public sealed class MonitorTests(ServerFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Render_answers_a_png_or_cloudkjs_json_form()
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        using var png = await _client.GetAsync($"v1/envs/{id}/monitor/render/");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal("\u0089PNG", Encoding.Latin1.GetString(bytes, 0, 4));
        Assert.Equal(600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));

        var json = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/monitor/render/?format=json");
        Assert.Equal("base64", (string?)json["encoding"]);
        Assert.Equal("image/png", (string?)json["content_type"]);
        Assert.Equal(bytes, Convert.FromBase64String((string)json["data"]!));
        await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/render/?format=json");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task Render_of_an_ansi_env_is_text()
    {
        var id = await _client.CreateAsync("FrozenLake-v1", ", \"render_mode\": \"ansi\"");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        using var text = await _client.GetAsync($"v1/envs/{id}/monitor/render/");
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Contains("FHFH", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var json = await _client.OkAsync(HttpMethod.Get, $"v1/envs/{id}/monitor/render/?format=json");
        Assert.Equal("utf-8", (string?)json["encoding"]);
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task The_mjpeg_stream_sends_jpeg_parts_and_ends_cleanly_when_the_env_closes()
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/");
        using var response = await _client.GetAsync($"v1/envs/{id}/monitor/stream/", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync();
        var jpeg = await ReadPartAsync(stream);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        Assert.Equal([0xFF, 0xD8], (await ReadPartAsync(stream))[..2]);

        await _client.CloseEnvAsync(id);
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest).WaitAsync(TimeSpan.FromSeconds(10)); // the body ends instead of hanging
        Assert.EndsWith("--frame--\r\n", Encoding.ASCII.GetString(rest.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_start_and_close_record_a_real_mp4_episode()
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\", \"max_episode_steps\": 12");
        var start = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/start/", "{\"directory\": \"runs/cartpole\", \"force\": true, \"video_callable\": true}");
        Assert.Equal("runs/cartpole", (string?)start["directory"]);
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 1}");
        var steps = 0;
        for (var done = false; !done; steps++)
        {
            done = (bool)(await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", $"{{\"action\": {steps % 2}}}"))["done"]!;
        }

        var closed = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/close/");
        var video = (string)closed["videos"]![0]!;
        Assert.StartsWith("runs/cartpole/gymbridge.video.", video, StringComparison.Ordinal);
        var path = Path.Combine(fixture.Host.RecordingsRoot, video);
        var header = (await File.ReadAllBytesAsync(path))[4..8];
        Assert.Equal("ftyp", Encoding.ASCII.GetString(header));
        var (code, output, errors) = await Processes.RunAsync("ffprobe",
            ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path]);
        Assert.True(code == 0, errors);
        Assert.Equal(12, steps); // alternating pushes keep the pole up: the time limit ends the episode
        Assert.Equal("h264,600,400,13", output.Trim()); // the reset frame and one per step
        await _client.CloseEnvAsync(id);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("a/../..")]
    public async Task Relative_recording_directories_that_leave_the_root_are_refused(string directory)
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", DirectoryBody(directory)), HttpStatusCode.Forbidden, "path_refused");
        await _client.CloseEnvAsync(id);
    }

    [Fact]
    public async Task On_a_loopback_host_without_a_key_monitor_start_records_to_absolute_directories_as_the_peers_did()
    {
        // openai's example agent records to a temp folder: the single-user case the legacy servers were built for.
        var outside = Directory.CreateTempSubdirectory("gymbridge-absolute-").FullName;
        try
        {
            var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
            var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["directory"] = Path.Combine(outside, "run"), ["video_callable"] = true });
            var start = await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/start/", body);
            Assert.Equal(Path.Combine(outside, "run"), (string?)start["directory"]);
            await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", "{\"seed\": 1}");
            await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 0}");
            var videos = (await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/close/"))["videos"]!.AsArray();
            var video = (string)Assert.Single(videos)!;
            Assert.StartsWith(Path.Combine(outside, "run"), video, StringComparison.Ordinal);
            Assert.True(new FileInfo(video).Length > 0);
            await _client.CloseEnvAsync(id);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/tmp")]
    public async Task With_an_api_key_absolute_directories_outside_the_root_are_refused(string directory)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:ApiKey"] = "k", ["GymBridge:WorkerCount"] = "1" });
        host.Client.DefaultRequestHeaders.Add("X-API-Key", "k");
        var id = await host.Client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        Api.AssertError(await host.Client.PostJsonAsync($"v1/envs/{id}/monitor/start/", DirectoryBody(directory)), HttpStatusCode.Forbidden, "path_refused");
        var inside = Path.Combine(host.RecordingsRoot, "absolute-ok");
        Assert.Equal("absolute-ok", (string?)(await host.Client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/start/", DirectoryBody(inside)))["directory"]);
    }

    [Theory]
    [InlineData(300, "too long")]
    [InlineData(5000, "too long")]
    public async Task Directories_the_system_cannot_create_are_a_400(int length, string why)
    {
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        var response = await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", DirectoryBody(new string('x', length)));
        Api.AssertError(response, HttpStatusCode.BadRequest, "invalid_path");
        Assert.Contains(why, (string)response.Body!["message"]!, StringComparison.Ordinal);
        var file = Path.Combine(fixture.Host.RecordingsRoot, "a-file");
        Directory.CreateDirectory(fixture.Host.RecordingsRoot);
        await File.WriteAllTextAsync(file, "not a directory");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", DirectoryBody("a-file/below")), HttpStatusCode.BadRequest, "invalid_path");
        await _client.CloseEnvAsync(id);
    }

    private static string DirectoryBody(string directory) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["directory"] = directory });

    [Fact]
    public async Task Recording_through_a_symlink_that_leaves_the_root_is_refused_but_an_absolute_path_inside_is_fine()
    {
        var root = fixture.Host.RecordingsRoot;
        Directory.CreateDirectory(root);
        var outside = Directory.CreateTempSubdirectory("gymbridge-outside-").FullName;
        File.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
        var id = await _client.CreateAsync("CartPole-v1", ", \"render_mode\": \"rgb_array\"");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", "{\"directory\": \"escape\"}"), HttpStatusCode.Forbidden, "path_refused");
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", "{\"directory\": \"escape/deeper\"}"), HttpStatusCode.Forbidden, "path_refused");
        Assert.False(Directory.Exists(Path.Combine(outside, "deeper")));
        var inside = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["directory"] = Path.Combine(root, "absolute-ok") });
        await _client.OkAsync(HttpMethod.Post, $"v1/envs/{id}/monitor/start/", inside);
        Api.AssertError(await _client.PostJsonAsync($"v1/envs/{id}/monitor/start/", "{}"), HttpStatusCode.BadRequest, "bad_request");
        await _client.CloseEnvAsync(id);
        Directory.Delete(outside, recursive: true);
    }

    private static async Task<byte[]> ReadPartAsync(Stream stream)
    {
        string line;
        do
        {
            line = await ReadLineAsync(stream);
        }
        while (line != "--frame");

        Assert.Equal("Content-Type: image/jpeg", await ReadLineAsync(stream));
        var length = int.Parse((await ReadLineAsync(stream)).Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(string.Empty, await ReadLineAsync(stream));
        var part = new byte[length];
        await stream.ReadExactlyAsync(part);
        return part;
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }
}
