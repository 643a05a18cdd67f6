using System.Text;
using System.Text.Json.Nodes;
using GymBridge.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GymBridge.Server.Tests.Fuzzing;

/// <summary>
/// The /gym WebSocket under seeded, randomized malformed messages (both dialects, split into fragments, as text and
/// binary) and malformed frames (unmasked, reserved bits, unknown opcodes, oversized or fragmented control frames, a
/// continuation first, lengths that lie). Every message is answered or refused with Gymie's close codes, never a
/// server error except the env that raises on purpose; no connection is dropped without a close; a frame that breaks
/// the protocol fails the connection (RFC 6455: a close frame, or a reset when the host stops reading in the middle of
/// the frame), never with 1011; a connection opened first keeps working, and envs made before step as fresh ones do.
/// </summary>
public sealed class WebSocketFuzzTests(ITestOutputHelper output)
{
    private const int Connections = 80;
    private const int MessagesPerConnection = 20;
    private const int MalformedFrames = 200;
    private const int Parallel = 4;

    private static readonly string[] Methods = ["make", "make", "reset", "step", "step", "close", "observation_space", "action_space", "action_sample", "nope", "", "MAKE"];

    [Fact]
    public async Task Thousands_of_malformed_messages_and_frames_are_answered_or_closed_cleanly()
    {
        await using var host = await TestHost.StartAsync();
        var witness = await Witness.StartAsync(host.Client);
        await using var steady = await RawWebSocket.ConnectAsync(host.BaseAddress, "/gym?protocol=gymnasium");
        var steadyEnv = (string)JsonNode.Parse((await CallAsync(steady, "{\"method\": \"make\", \"params\": {\"env_id\": \"CartPole-v1\"}}"))!)!["instance_id"]!;

        var tally = new Tally();
        await Task.WhenAll(Enumerable.Range(0, Parallel).Select(group => Task.Run(async () =>
        {
            for (var connection = group; connection < Connections; connection += Parallel)
            {
                await FuzzMessagesAsync(host, new FuzzValues(5000 + connection), modern: connection % 2 == 0, tally);
            }
        })));

        var frames = new FuzzValues(77);
        for (var i = 0; i < MalformedFrames; i++)
        {
            await SendMalformedFrameAsync(host, frames, tally);
        }

        output.WriteLine($"WebSocket fuzz: {tally.Messages} messages on {Connections} connections ({tally.Replies} answered, {tally.GymieCloses} closed by Gymie's rules), " +
            $"{tally.ServerErrors} server errors ({tally.ExpectedServerErrors} from the env that raises on purpose), {tally.Drops} dropped; " +
            $"{MalformedFrames} malformed frames: {tally.ProtocolCloses} failed with a close frame, {tally.Aborts} with a reset");
        Assert.True(tally.Failures.IsEmpty, string.Join("\n", tally.Failures.Take(20)));
        Assert.Equal(0, tally.Drops);
        Assert.Equal(tally.ExpectedServerErrors, tally.ServerErrors);

        // The connection opened first still steps; so do envs made before, exactly.
        Assert.Contains("observation", await CallAsync(steady, $"{{\"method\": \"reset\", \"params\": {{\"instance_id\": \"{steadyEnv}\", \"seed\": 1}}}}"), StringComparison.Ordinal);
        Assert.Contains("terminated", await CallAsync(steady, $"{{\"method\": \"step\", \"params\": {{\"instance_id\": \"{steadyEnv}\", \"action\": 1}}}}"), StringComparison.Ordinal);
        Assert.Equal("ok", (string?)(await host.Client.OkAsync(HttpMethod.Get, "healthz"))["status"]);
        await witness.AssertStepsLikeAFreshEnvAsync(host.Client);
    }

    private static async Task FuzzMessagesAsync(TestHost host, FuzzValues values, bool modern, Tally tally)
    {
        var made = new List<string>();
        var socket = await RawWebSocket.ConnectAsync(host.BaseAddress, modern ? "/gym?protocol=gymnasium" : "/gym");
        try
        {
            for (var m = 0; m < MessagesPerConnection; m++)
            {
                Interlocked.Increment(ref tally.Messages);
                if (values.Chance(0.01))
                {
                    await SendTooBigAsync(socket, tally);
                    await socket.DisposeAsync();
                    socket = await RawWebSocket.ConnectAsync(host.BaseAddress, modern ? "/gym?protocol=gymnasium" : "/gym");
                    made.Clear();
                    continue;
                }

                var message = Message(values, made);
                await SendFragmentedAsync(socket, values, Encoding.UTF8.GetBytes(message));
                var (code, reason) = (0, string.Empty);
                var reply = await socket.ReceiveTextAsync(TimeSpan.FromSeconds(60), (c, r) => (code, reason) = (c, r));
                if (reply is not null)
                {
                    Interlocked.Increment(ref tally.Replies);
                    Check(reply, message, tally);
                    if (JsonNode.Parse(reply) is JsonObject { } answer && answer["instance_id"] is JsonValue id)
                    {
                        made.Add((string)id!);
                    }

                    continue;
                }

                // No reply: Gymie's dialect closes on an error (1003 unreadable, 1007 wrong, 1011 the env failed); the modern one never closes.
                if (modern || code is not (1003 or 1007 or 1011))
                {
                    Interlocked.Increment(ref tally.Drops);
                    tally.Failures.Add($"{(modern ? "modern" : "gymie")} connection ended with {code} after {message[..Math.Min(message.Length, 200)]}");
                }
                else
                {
                    Interlocked.Increment(ref tally.GymieCloses);
                    if (code == 1011)
                    {
                        Interlocked.Increment(ref tally.ServerErrors);
                        if (reason.Contains("the env raised on purpose", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref tally.ExpectedServerErrors);
                        }
                        else
                        {
                            tally.Failures.Add($"1011 {reason} after {message[..Math.Min(message.Length, 200)]}");
                        }
                    }
                }

                await socket.DisposeAsync();
                socket = await RawWebSocket.ConnectAsync(host.BaseAddress, "/gym");
                made.Clear();
            }
        }
        finally
        {
            await socket.DisposeAsync();
        }
    }

    private static void Check(string reply, string message, Tally tally)
    {
        if (JsonNode.Parse(reply) is not JsonObject { } answer || answer["error"] is not JsonObject error)
        {
            return;
        }

        var kind = (string?)error["kind"];
        if (kind is "env_error" or "internal" or "env_lost" or "worker_timeout" or "request_timeout" or null)
        {
            Interlocked.Increment(ref tally.ServerErrors);
            if (kind == "env_error" && ((string?)error["message"] ?? string.Empty).Contains("the env raised on purpose", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tally.ExpectedServerErrors);
            }
            else
            {
                tally.Failures.Add($"{message[..Math.Min(message.Length, 200)]} -> {reply[..Math.Min(reply.Length, 300)]}");
            }
        }
    }

    /// <summary>A message: mostly {method, params} with ids of envs made on the connection, sometimes not JSON or not an object.</summary>
    private static string Message(FuzzValues values, List<string> made)
    {
        switch (values.Next(12))
        {
            case 0:
                return values.Json();
            case 1:
                return Encoding.UTF8.GetString(values.Garbage());
            case 2:
                return "{\"method\": " + values.Json() + ", \"params\": " + values.Json() + "}";
            default:
                var id = made.Count > 0 && values.Chance(0.7) ? values.Pick(made) : values.Pick(["missing", "", "{\"instance_id\": \"x\"}", "0badc0de"]);
                var parameters = new List<string>
                {
                    $"\"instance_id\": {System.Text.Json.JsonSerializer.Serialize(id)}",
                    $"\"env_id\": {System.Text.Json.JsonSerializer.Serialize(values.Pick(FuzzValues.EnvIds))}",
                };
                parameters.AddRange(Enumerable.Range(0, values.Next(3)).Select(_ => $"{System.Text.Json.JsonSerializer.Serialize(values.Pick(FuzzValues.ParameterNames))}: {values.Json(4)}"));
                if (values.Chance(0.6))
                {
                    parameters.Add($"\"action\": {values.Pick(["0", "1", "1", "[0.5]", "\"x\"", "null", "2", "1e400"])}");
                }

                return $"{{\"method\": \"{values.Pick(Methods)}\", \"params\": {{{string.Join(", ", parameters.OrderBy(_ => values.Next(100)))}}}}}";
        }
    }

    /// <summary>A message over the host's 4 MB limit: the host closes with 1009 as soon as it has read too much.</summary>
    private static async Task SendTooBigAsync(RawWebSocket socket, Tally tally)
    {
        try
        {
            await socket.SendFrameAsync(0x1, Encoding.UTF8.GetBytes("[" + new string('1', 5 * 1024 * 1024) + "]"));
        }
        catch (IOException)
        {
            // The host stopped reading the message (and closed) before it was all sent: the answer follows.
        }

        var code = 0;
        await socket.ReceiveTextAsync(TimeSpan.FromSeconds(30), (c, _) => code = c);
        if (code != 1009)
        {
            tally.Failures.Add($"a 5 MB message got close code {code}, not 1009 (message too big)");
        }
    }

    /// <summary>One message as one to three frames (text or binary, then continuations), as a client may split it.</summary>
    private static async Task SendFragmentedAsync(RawWebSocket socket, FuzzValues values, byte[] message)
    {
        var opcode = values.Chance(0.9) ? (byte)0x1 : (byte)0x2;
        var parts = message.Length < 2 ? 1 : 1 + values.Next(3);
        var cut = Enumerable.Range(0, parts - 1).Select(_ => values.Next(message.Length)).Order().Prepend(0).Append(message.Length).ToArray();
        for (var p = 0; p < parts; p++)
        {
            await socket.SendFrameAsync(p == 0 ? opcode : (byte)0x0, message.AsMemory(cut[p], cut[p + 1] - cut[p]), fin: p == parts - 1);
        }
    }

    private static async Task SendMalformedFrameAsync(TestHost host, FuzzValues values, Tally tally)
    {
        await using var socket = await RawWebSocket.ConnectAsync(host.BaseAddress, values.Chance(0.5) ? "/gym" : "/gym?protocol=gymnasium");
        var payload = Encoding.UTF8.GetBytes("{\"method\": \"make\", \"params\": {\"env_id\": \"CartPole-v1\"}}");
        switch (values.Next(9))
        {
            case 0: await socket.SendFrameAsync(0x1, payload, masked: false); break;
            case 1: await socket.SendFrameAsync(0x1, payload, reservedBits: (byte)(1 + values.Next(7))); break;
            case 2: await socket.SendFrameAsync((byte)values.Pick([3, 4, 5, 6, 7, 0xB, 0xC, 0xF]), payload); break;
            case 3: await socket.SendFrameAsync(0x9, new byte[126 + values.Next(200)]); break; // a ping over 125 bytes
            case 4: await socket.SendFrameAsync(0x9, payload.AsMemory(0, 10), fin: false); break; // a fragmented control frame
            case 5: await socket.SendFrameAsync(0x0, payload); break; // a continuation with nothing to continue
            case 6: await socket.SendFrameAsync(0x8, values.Pick<byte[]>([[0x03], [0x03, 0xE7], [0x0B, 0xB8, 0xC3, 0x28], [0x03, 0xED]])); break; // bad close frames
            case 7: await socket.SendFrameAsync(0x1, new byte[] { 0x7B, 0xC3, 0x28, 0xA0, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0x7D }); break; // text that is not UTF-8
            default: await socket.SendFrameAsync(0x1, payload, fin: false); await socket.SendFrameAsync(0x1, payload); break; // a new message inside one
        }

        var code = 0;
        while (await socket.ReceiveTextAsync(TimeSpan.FromSeconds(30), (c, _) => code = c) is not null)
        {
            // The server may still answer what it read before the broken frame.
        }

        if (code == 1006)
        {
            tally.Aborts++;
        }
        else
        {
            tally.ProtocolCloses++;
        }

        if (code == 1011)
        {
            tally.Failures.Add($"a malformed frame got 1011 (internal error)");
        }
    }

    private static async Task<string?> CallAsync(RawWebSocket socket, string message)
    {
        await socket.SendTextAsync(message);
        return await socket.ReceiveTextAsync(TimeSpan.FromSeconds(60));
    }

    private sealed class Tally
    {
        public int Messages;
        public int Replies;
        public int GymieCloses;
        public int ServerErrors;
        public int ExpectedServerErrors;
        public int Drops;
        public int ProtocolCloses;
        public int Aborts;

        public System.Collections.Concurrent.ConcurrentBag<string> Failures { get; } = [];
    }
}
