using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>The /gym WebSocket: a Gymie session exactly as Gymie answers it, its error closes, and the modern variant.</summary>
[Collection(ServerGroup.Name)]
public sealed class WebSocketTests(ServerFixture fixture)
{
    private async Task<ClientWebSocket> ConnectAsync(string query = "")
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(fixture.Host.BaseAddress) { Scheme = "ws", Path = "/gym", Query = query }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static async Task<JsonNode?> CallAsync(ClientWebSocket socket, string method, string parameters)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"method\": \"{method}\", \"params\": {parameters}}}"), WebSocketMessageType.Text, true, CancellationToken.None);
        var text = await ReceiveAsync(socket);
        return text is null ? null : JsonNode.Parse(text);
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 20];
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, count);
            }
        }
    }

    [Fact]
    public async Task A_gymie_session_gets_gymies_shapes()
    {
        using var socket = await ConnectAsync();
        var made = await CallAsync(socket, "make", "{\"env_id\": \"CartPole-v1\"}");
        var id = (string)made!["instance_id"]!;

        var reset = await CallAsync(socket, "reset", $"{{\"instance_id\": \"{id}\"}}");
        Assert.Equal(4, reset!.AsArray().Count);

        var step = (await CallAsync(socket, "step", $"{{\"instance_id\": \"{id}\", \"action\": 1}}"))!.AsArray();
        Assert.Equal(4, step.Count); // [observation, reward, done, info]
        Assert.Equal(4, step[0]!.AsArray().Count);
        Assert.Equal(1.0, (double)step[1]!);
        Assert.False((bool)step[2]!);
        Assert.IsType<JsonObject>(step[3]);

        var observation = await CallAsync(socket, "observation_space", $"{{\"instance_id\": \"{id}\"}}");
        Assert.Equal("Box", (string?)observation!["name"]);
        Assert.Equal("[4]", observation["shape"]!.ToJsonString());
        var action = await CallAsync(socket, "action_space", $"{{\"instance_id\": \"{id}\"}}");
        Assert.Equal("Discrete", (string?)action!["name"]);
        Assert.Equal(2, (int)action["n"]!);
        Assert.InRange((int)(await CallAsync(socket, "action_sample", $"{{\"instance_id\": \"{id}\"}}"))!, 0, 1);

        // Gymie's own JS client keeps the whole make reply as its instance id: that works too.
        var wrapped = made.ToJsonString().Replace("\"", "\\\"", StringComparison.Ordinal);
        Assert.Equal(4, (await CallAsync(socket, "reset", $"{{\"instance_id\": \"{wrapped}\"}}"))!.AsArray().Count);

        Assert.True((bool)(await CallAsync(socket, "close", $"{{\"instance_id\": \"{id}\"}}"))!);
        Assert.Null((await fixture.Client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]![id]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Theory]
    [InlineData("not json", WebSocketCloseStatus.InvalidMessageType, "Message `not json` is invalid")]
    [InlineData("{\"prop\": \"value\"}", WebSocketCloseStatus.InvalidMessageType, "Message keys ['prop'] are missing or invalid")]
    [InlineData("{\"method\": \"nope\", \"params\": {}}", WebSocketCloseStatus.InvalidPayloadData, "Method `nope` not found")]
    [InlineData("{\"method\": \"make\", \"params\": {\"env_id\": \"NotFound-v1\"}}", WebSocketCloseStatus.InvalidPayloadData, "Environment `NotFound-v1` not found")]
    [InlineData("{\"method\": \"reset\", \"params\": {\"instance_id\": \"missing\"}}", WebSocketCloseStatus.InvalidPayloadData, "Instance `missing` not found")]
    public async Task Gymie_errors_close_the_socket_with_gymies_codes_and_reasons(string message, WebSocketCloseStatus status, string reason)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(status, socket.CloseStatus);
        Assert.Equal(reason, socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_wrong_action_closes_with_gymies_reason_and_envs_of_a_closed_connection_are_closed()
    {
        using var socket = await ConnectAsync();
        var id = (string)(await CallAsync(socket, "make", "{\"env_id\": \"CartPole-v1\"}"))!["instance_id"]!;
        await CallAsync(socket, "reset", $"{{\"instance_id\": \"{id}\"}}");
        Assert.Null(await CallAsync(socket, "step", $"{{\"instance_id\": \"{id}\", \"action\": \"invalid_action\"}}"));
        Assert.Equal("Action `invalid_action` is wrong", socket.CloseStatusDescription);
        for (var i = 0; i < 50 && (await fixture.Client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]![id] is not null; i++)
        {
            await Task.Delay(100);
        }

        Assert.Null((await fixture.Client.OkAsync(HttpMethod.Get, "v1/envs/"))["all_envs"]![id]);
    }

    [Fact]
    public async Task The_gymnasium_variant_carries_terminated_truncated_seeds_and_keeps_the_socket_open_on_errors()
    {
        using var socket = await ConnectAsync("protocol=gymnasium");
        var id = (string)(await CallAsync(socket, "make", "{\"env_id\": \"CartPole-v1\", \"max_episode_steps\": 2}"))!["instance_id"]!;
        var first = await CallAsync(socket, "reset", $"{{\"instance_id\": \"{id}\", \"seed\": 5}}");
        var again = await CallAsync(socket, "reset", $"{{\"instance_id\": \"{id}\", \"seed\": 5}}");
        Assert.Equal(first!["observation"]!.ToJsonString(), again!["observation"]!.ToJsonString());
        Assert.IsType<JsonObject>(first["info"]);

        var error = await CallAsync(socket, "step", $"{{\"instance_id\": \"{id}\", \"action\": 9}}");
        Assert.Equal("invalid_action", (string?)error!["error"]!["kind"]);
        Assert.Equal(WebSocketState.Open, socket.State);

        await CallAsync(socket, "step", $"{{\"instance_id\": \"{id}\", \"action\": 0}}");
        var step = await CallAsync(socket, "step", $"{{\"instance_id\": \"{id}\", \"action\": 1}}");
        Assert.True((bool)step!["truncated"]!);
        Assert.False((bool)step["terminated"]!);
        Assert.True((bool)step["done"]!);
        Assert.Equal("unknown_env", (string?)(await CallAsync(socket, "make", "{\"env_id\": \"Nope-v0\"}"))!["error"]!["kind"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task Tagged_requests_may_be_pipelined_and_are_answered_in_order_with_their_ids()
    {
        using var socket = await ConnectAsync("protocol=gymnasium");
        var id = (string)(await CallAsync(socket, "make", "{\"env_id\": \"CartPole-v1\"}"))!["instance_id"]!;
        string[] requests =
        [
            $"{{\"id\": 1, \"method\": \"reset\", \"params\": {{\"instance_id\": \"{id}\", \"seed\": 3}}}}",
            $"{{\"id\": \"two\", \"method\": \"step\", \"params\": {{\"instance_id\": \"{id}\", \"action\": 1}}}}",
            $"{{\"id\": 3, \"method\": \"step\", \"params\": {{\"instance_id\": \"{id}\", \"action\": 7}}}}",
            $"{{\"id\": 4, \"method\": \"step\", \"params\": {{\"instance_id\": \"{id}\", \"action\": 0}}}}",
            $"{{\"id\": 5, \"method\": \"close\", \"params\": {{\"instance_id\": \"{id}\"}}}}",
        ];
        foreach (var request in requests)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        var answers = new List<JsonNode>();
        for (var i = 0; i < requests.Length; i++)
        {
            answers.Add(JsonNode.Parse((await ReceiveAsync(socket))!)!);
        }

        Assert.Equal(["1", "\"two\"", "3", "4", "5"], answers.Select(a => a["id"]!.ToJsonString()));
        Assert.Equal(4, answers[0]["result"]!["observation"]!.AsArray().Count);
        Assert.Equal(1.0, (double)answers[1]["result"]!["reward"]!);
        Assert.Equal("invalid_action", (string?)answers[2]["error"]!["kind"]);
        Assert.Null(answers[2]["result"]);
        Assert.False((bool)answers[3]["result"]!["terminated"]!);
        Assert.True((bool)answers[4]["result"]!);

        var untagged = await CallAsync(socket, "make", "{\"env_id\": \"CartPole-v1\"}");
        Assert.NotNull(untagged!["instance_id"]); // a request without an id is answered as before
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"id\": [1], \"method\": \"make\", \"params\": {}}"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("bad_request", (string?)JsonNode.Parse((await ReceiveAsync(socket))!)!["error"]!["kind"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
