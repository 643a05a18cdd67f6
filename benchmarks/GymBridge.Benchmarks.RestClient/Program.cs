using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MessagePack;

// usage: ws BASE gymie|gymnasium PIPELINE SECONDS  |  rest BASE SECONDS  |  vector BASE NUM_ENVS json|msgpack SECONDS
// One client, one env (or one vector env); prints one JSON object: steps/s (env-steps/s for vectors) and the p50 of a request.
// "rest" steps the same env as "ws" does through the REST routes, so the two transports meet the same client.
var mode = args[0];
var result = mode switch
{
    "ws" => await WebSocketRun(new Uri(args[1]), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), double.Parse(args[4], CultureInfo.InvariantCulture)),
    "rest" => await RestRun(new Uri(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture)),
    "vector" => await VectorRun(new Uri(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture), args[3], double.Parse(args[4], CultureInfo.InvariantCulture)),
    _ => throw new ArgumentException($"unknown mode {mode}"),
};
Console.WriteLine(JsonSerializer.Serialize(result));

static async Task<Dictionary<string, object>> WebSocketRun(Uri baseUri, string protocol, int pipeline, double seconds)
{
    var gymnasium = protocol == "gymnasium";
    using var socket = new ClientWebSocket();
    var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "/gym", Query = gymnasium ? "protocol=gymnasium" : "" }.Uri;
    await socket.ConnectAsync(uri, CancellationToken.None);
    var buffer = new byte[64 * 1024];
    async Task<JsonElement> Call(string message)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        return await Receive();
    }

    async Task<JsonElement> Receive()
    {
        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += received.Count;
            if (received.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            }
        }
    }

    var made = await Call("""{"method": "make", "params": {"env_id": "CartPole-v1"}}""");
    var instance = made.GetProperty("instance_id").GetString();
    var reset = $$$"""{"method": "reset", "params": {"instance_id": "{{{instance}}}"}}""";
    await Call(reset);
    var latencies = new List<double>();
    var sent = new long[pipeline];
    long steps = 0, id = 0;
    var action = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < pipeline; i++)
        {
            action = 1 - action;
            var step = gymnasium
                ? $$$"""{"id": {{{++id}}}, "method": "step", "params": {"instance_id": "{{{instance}}}", "action": {{{action}}}}}"""
                : $$$"""{"method": "step", "params": {"instance_id": "{{{instance}}}", "action": {{{action}}}}}""";
            sent[i] = Stopwatch.GetTimestamp();
            await socket.SendAsync(Encoding.UTF8.GetBytes(step), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        var done = false;
        for (var i = 0; i < pipeline; i++)
        {
            var reply = await Receive();
            latencies.Add(Stopwatch.GetElapsedTime(sent[i]).TotalMicroseconds);
            done |= gymnasium ? reply.GetProperty("result").GetProperty("done").GetBoolean() : reply[2].GetBoolean();
        }

        steps += pipeline;
        if (done)
        {
            await Call(reset);
        }
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    return Summary($"ws_{protocol}_pipeline{pipeline}", steps / elapsed, latencies);
}

static async Task<Dictionary<string, object>> RestRun(Uri baseUri, double seconds)
{
    using var http = new HttpClient { BaseAddress = baseUri };
    var instance = (await PostJson(http, "/v1/envs/", """{"env_id": "CartPole-v1"}""")).GetProperty("instance_id").GetString();
    var resetPath = $"/v1/envs/{instance}/reset/";
    var stepPath = $"/v1/envs/{instance}/step/";
    await PostJson(http, resetPath, "{}");
    var latencies = new List<double>();
    var action = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        action = 1 - action;
        var started = Stopwatch.GetTimestamp();
        var reply = await PostJson(http, stepPath, $$"""{"action": {{action}}}""");
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        if (reply.GetProperty("done").GetBoolean())
        {
            await PostJson(http, resetPath, "{}");
        }
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    await http.DeleteAsync($"/v1/envs/{instance}/");
    return Summary("rest_step", latencies.Count / elapsed, latencies);
}

static async Task<Dictionary<string, object>> VectorRun(Uri baseUri, int numEnvs, string format, double seconds)
{
    var messagePack = format == "msgpack";
    using var http = new HttpClient { BaseAddress = baseUri };
    var created = await PostJson(http, "/v1/vector_envs/", $$"""{"env_id": "CartPole-v1", "num_envs": {{numEnvs}}}""");
    var instance = created.GetProperty("instance_id").GetString();
    await PostJson(http, $"/v1/vector_envs/{instance}/reset/", "{}");
    var latencies = new List<double>();
    long requests = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        var actions = new int[numEnvs];
        for (var i = 0; i < numEnvs; i++)
        {
            actions[i] = (int)((requests + i) & 1);
        }

        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/vector_envs/{instance}/step/")
        {
            Content = messagePack ? MessagePackBody(actions) : Json($$"""{"actions": [{{string.Join(',', actions)}}]}"""),
        };
        if (messagePack)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/msgpack"));
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        if (messagePack)
        {
            var reader = new MessagePackReader(body);
            reader.Skip(); // the whole reply read, as a client decoding it would
        }
        else
        {
            using var _ = JsonDocument.Parse(body);
        }

        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        requests++;
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    await http.DeleteAsync($"/v1/vector_envs/{instance}/");
    return Summary($"vector{numEnvs}_{format}", requests * numEnvs / elapsed, latencies);
}

static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

static async Task<JsonElement> PostJson(HttpClient http, string path, string body)
{
    using var response = await http.PostAsync(path, Json(body));
    var bytes = await response.Content.ReadAsByteArrayAsync();
    response.EnsureSuccessStatusCode();
    return JsonDocument.Parse(bytes).RootElement.Clone();
}

static ByteArrayContent MessagePackBody(int[] actions)
{
    var buffer = new ArrayBufferWriter<byte>();
    var writer = new MessagePackWriter(buffer);
    writer.WriteMapHeader(1);
    writer.Write("actions");
    writer.WriteArrayHeader(actions.Length);
    foreach (var action in actions)
    {
        writer.Write(action);
    }

    writer.Flush();
    var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
    content.Headers.ContentType = new MediaTypeHeaderValue("application/msgpack");
    return content;
}

static Dictionary<string, object> Summary(string name, double stepsPerSecond, List<double> latencies)
{
    latencies.Sort();
    return new Dictionary<string, object>
    {
        ["name"] = name,
        ["steps_per_s"] = Math.Round(stepsPerSecond, 1),
        ["p50_us"] = Math.Round(latencies[latencies.Count / 2], 1),
        ["p99_us"] = Math.Round(latencies[(int)(latencies.Count * 0.99)], 1),
        ["requests"] = latencies.Count,
    };
}
