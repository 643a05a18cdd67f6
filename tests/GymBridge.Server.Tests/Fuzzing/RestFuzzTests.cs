using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using GymBridge.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GymBridge.Server.Tests.Fuzzing;

/// <summary>
/// Thousands of seeded, randomized malformed requests (methods, routes, ids, content types, bodies) against a real host
/// with real workers: none may answer 5xx (except steps of the env that raises on purpose), none may drop its
/// connection, every refusal has a kind, and afterwards the host is healthy and envs made before still step exactly
/// as a fresh env does.
/// </summary>
public sealed class RestFuzzTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int RequestsPerClient = 1250;
    private const string Key = "fuzz-key";

    /// <summary>Every route with its method (the fuzzer uses another method now and then) and some that do not exist.</summary>
    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "v1/envs/"), ("GET", "v1/envs/"), ("GET", "v1/envs/{id}/"), ("DELETE", "v1/envs/{id}/"), ("POST", "v1/envs/{id}/reset/"),
        ("POST", "v1/envs/{id}/step/"), ("POST", "v1/envs/{id}/step/"), ("POST", "v1/envs/{id}/step/"), ("GET", "v1/envs/{id}/action_space/"),
        ("GET", "v1/envs/{id}/observation_space/"), ("GET", "v1/envs/{id}/action_space/sample"), ("GET", "v1/envs/{id}/action_space/contains/{x}"),
        ("POST", "v1/envs/{id}/action_space/contains"), ("POST", "v1/envs/{id}/observation_space/contains"), ("GET", "v1/envs/{id}/transitions/"),
        ("GET", "v1/envs/{id}/monitor/render/"), ("GET", "v1/envs/{id}/render/"), ("GET", "v1/envs/{id}/monitor/stream/"),
        ("POST", "v1/envs/{id}/monitor/start/"), ("POST", "v1/envs/{id}/monitor/close/"), ("POST", "v1/envs/{id}/close/"),
        ("POST", "v1/envs/{id}/episodes/"), ("POST", "v1/vector_envs/"), ("GET", "v1/vector_envs/"), ("DELETE", "v1/vector_envs/{id}/"),
        ("POST", "v1/vector_envs/{id}/reset/"), ("POST", "v1/vector_envs/{id}/step/"), ("POST", "v1/vector_envs/{id}/step/"),
        ("POST", "v1/upload/"), ("POST", "v1/shutdown/"), ("GET", "v1/registry/"), ("GET", "v1/stats"), ("GET", "stats"), ("GET", "healthz"),
        ("GET", "openapi.json"), ("GET", "gym"), ("GET", "v1/envs/{id}/{x}"), ("POST", "v1/{x}"), ("GET", "{x}"),
    ];

    private static readonly HttpMethod[] OtherMethods =
        [HttpMethod.Post, HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options];

    [Fact]
    public async Task Thousands_of_malformed_requests_get_4xx_with_kinds_and_the_host_stays_sound()
    {
        // The fuzzer's own envs count against 127.0.0.1's limit; the targets and the witness connect from 127.0.0.2.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["GymBridge:ApiKey"] = Key, ["GymBridge:MaxEnvsPerClient"] = "48" });
        using var keeper = host.ClientFrom("127.0.0.2");
        keeper.DefaultRequestHeaders.Add("X-API-Key", Key);
        var witness = await Witness.StartAsync(keeper);

        var targets = new Targets(keeper);
        var tally = new Tally();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => FuzzAsync(host, 1000 + client, targets, tally)));

        output.WriteLine($"REST fuzz: {tally.Sent} requests, {tally.ServerErrors} 5xx ({tally.ExpectedServerErrors} from the env that raises on purpose), {tally.Drops} dropped connections");
        output.WriteLine("statuses: " + string.Join(", ", tally.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        output.WriteLine("kinds: " + string.Join(", ", tally.Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key}: {k.Value}")));
        foreach (var failure in tally.Failures.Take(60))
        {
            output.WriteLine(failure);
        }

        Assert.True(tally.Failures.IsEmpty, string.Join("\n", tally.Failures.Take(20)));
        Assert.Equal(Clients * RequestsPerClient, tally.Sent);
        Assert.Equal(0, tally.Drops);
        Assert.Equal(tally.ExpectedServerErrors, tally.ServerErrors);

        var health = await keeper.OkAsync(HttpMethod.Get, "healthz");
        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal(0, (int)health["restarts"]!);
        await witness.AssertStepsLikeAFreshEnvAsync(keeper);
    }

    private static async Task FuzzAsync(TestHost host, int seed, Targets targets, Tally tally)
    {
        var values = new FuzzValues(seed);
        // Oversized bodies are announced (Expect: 100-continue) and the client waits for the answer: a client that streams
        // a body the server has already refused races the 413 and sees a broken pipe, whatever the server does.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        for (var i = 0; i < RequestsPerClient; i++)
        {
            var route = values.Pick(Routes);
            var vectorRoute = route.Path.StartsWith("v1/vector_envs/", StringComparison.Ordinal);
            var target = values.Chance(0.8) ? await targets.PickAsync(values, values.Chance(0.9) ? vectorRoute : !vectorRoute) : RandomId(values);
            var path = route.Path.Replace("{id}", Uri.EscapeDataString(target), StringComparison.Ordinal)
                .Replace("{x}", Uri.EscapeDataString(values.Pick(["1", "[0.5]", "x", "%zz", "..", new string('a', 3000), "😀", "{\"a\":1}"])), StringComparison.Ordinal);
            if (values.Chance(0.1))
            {
                path += "?" + values.Pick(["format=json", "format=png", "api_key=wrong", "protocol=gymnasium", "a=%ff", "x=" + new string('q', 2000)]);
            }

            var method = values.Chance(0.85) ? new HttpMethod(route.Method) : values.Pick(OtherMethods);
            using var request = new HttpRequestMessage(method, path);
            var sendsBody = method != HttpMethod.Get && method != HttpMethod.Head ? values.Chance(0.85) : values.Chance(0.05);
            if (sendsBody)
            {
                var (body, contentType) = values.Body(ParametersOf(route.Path));
                request.Content = new ByteArrayContent(body);
                request.Headers.ExpectContinue = body.Length > 64 * 1024; // as curl announces large bodies
                if (contentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            if (values.Chance(0.03))
            {
                // A body over the size limit, announced first as curl does.
                request.Content = new ByteArrayContent(new byte[(1024 * 1024) + 1 + values.Next(1000)]);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                request.Headers.ExpectContinue = true;
            }

            if (values.Chance(0.1))
            {
                request.Headers.TryAddWithoutValidation("Accept", values.Pick(["application/msgpack", "image/png", "*/*", "text/html", "application/json;q=0"]));
            }

            request.Headers.TryAddWithoutValidation("X-API-Key", values.Chance(0.97) ? Key : "wrong");
            await SendAsync(client, request, target, targets, tally);
        }
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, string target, Targets targets, Tally tally)
    {
        var described = $"{request.Method} {request.RequestUri}";
        Interlocked.Increment(ref tally.Sent);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            tally.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (response.Content.Headers.ContentType?.MediaType?.StartsWith("multipart/", StringComparison.Ordinal) == true)
            {
                return; // an MJPEG stream of an env that renders: it would run until the env closes
            }

            var bytes = await response.Content.ReadAsByteArrayAsync();
            var messagePack = response.Content.Headers.ContentType?.MediaType == "application/msgpack";
            var text = messagePack ? Convert.ToHexString(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
            if (status < 400)
            {
                targets.Harvest(request, text);
                return;
            }

            var kind = request.Method == HttpMethod.Head ? "(head)" : messagePack ? MessagePackKind(bytes) : Kind(text);
            var sameRegistry = target.StartsWith('v') == (request.RequestUri?.OriginalString.Contains("vector_envs", StringComparison.Ordinal) ?? false);
            if (kind is "unknown_instance" or "env_lost" && sameRegistry)
            {
                targets.Forget(target); // closed (or lost) for good; a vector id on an env route is merely unknown there
            }

            tally.Kinds.AddOrUpdate(kind ?? "(none)", 1, (_, n) => n + 1);
            if (kind is null)
            {
                tally.Failures.Add($"{described}: {status} without a kind: {text[..Math.Min(text.Length, 200)]}");
            }

            if (status >= 500)
            {
                Interlocked.Increment(ref tally.ServerErrors);
                // GymBridgeTest/Raising-v0 raises "the env raised on purpose" from a step with action 1 (also inside episodes).
                var onPurpose = kind == "env_error" && (text.Contains("the env raised on purpose", StringComparison.Ordinal)
                    || text.Contains(Convert.ToHexString("the env raised on purpose"u8), StringComparison.Ordinal));
                if (onPurpose)
                {
                    Interlocked.Increment(ref tally.ExpectedServerErrors);
                }
                else
                {
                    tally.Failures.Add($"{described}: {status} {text[..Math.Min(text.Length, 400)]}");
                }
            }
        }
        catch (HttpRequestException error)
        {
            Interlocked.Increment(ref tally.Drops);
            tally.Failures.Add($"{described}: dropped: {error.Message}");
        }
        catch (TaskCanceledException)
        {
            Interlocked.Increment(ref tally.Drops);
            tally.Failures.Add($"{described}: no answer within the client's timeout");
        }
    }

    private static string? Kind(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject { } body && body["kind"] is JsonValue kind && !string.IsNullOrEmpty((string?)body["message"]) ? (string?)kind : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The parameters a route reads.</summary>
    private static string[] ParametersOf(string path) => path switch
    {
        "v1/envs/" => ["env_id", "kwargs", "render_mode", "max_episode_steps", "seed"],
        "v1/vector_envs/" => ["env_id", "num_envs", "autoreset_mode", "seed", "kwargs"],
        _ when path.EndsWith("/step/", StringComparison.Ordinal) => path.StartsWith("v1/vector", StringComparison.Ordinal) ? ["actions"] : ["action", "render"],
        _ when path.EndsWith("/reset/", StringComparison.Ordinal) => ["seed", "options", "reset_mask"],
        _ when path.EndsWith("/contains", StringComparison.Ordinal) => ["x", "value", "name", "shape", "low"],
        _ when path.EndsWith("/monitor/start/", StringComparison.Ordinal) => ["directory", "force", "video_callable", "interval", "resume"],
        _ when path.EndsWith("/episodes/", StringComparison.Ordinal) => ["count", "seed"],
        "v1/upload/" => ["training_dir", "api_key", "algorithm_id"],
        _ => [],
    };

    private static readonly byte[] KindKey = [0xA4, (byte)'k', (byte)'i', (byte)'n', (byte)'d'];

    /// <summary>The kind of a MessagePack error body: the string after the fixstr key "kind".</summary>
    private static string? MessagePackKind(byte[] body)
    {
        var at = body.AsSpan().IndexOf(KindKey);
        if (at < 0 || at + 5 >= body.Length || body[at + 5] is < 0xA0 or > 0xBF)
        {
            return null;
        }

        var length = body[at + 5] - 0xA0;
        return at + 6 + length <= body.Length ? System.Text.Encoding.UTF8.GetString(body, at + 6, length) : null;
    }

    private static string RandomId(FuzzValues values) => values.Next(6) switch
    {
        0 => values.Next(int.MaxValue).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
        1 => "v" + values.Next(int.MaxValue).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
        2 => new string('f', 1 + values.Next(5000)),
        3 => values.Pick(["", " ", "..", "%00", "null", "-1", "0", "😀", "a/b"]),
        4 => "{\"instance_id\": \"x\"}",
        _ => "bad_id",
    };

    /// <summary>
    /// The envs the fuzzer aims at (and breaks, and closes): one live env of each kind below, made again when the fuzzer
    /// closed it; a few envs the fuzzer made itself join them.
    /// </summary>
    private sealed class Targets(HttpClient client)
    {
        private static readonly (string EnvId, string Extra)[] Kinds =
        [
            ("CartPole-v1", ""), ("GymBridgeTest/Raising-v0", ""), ("FrozenLake-v1", ", \"render_mode\": \"ansi\""),
            ("GymBridgeTest/AllSpaces-v0", ""), ("Pendulum-v1", ""), ("CartPole-v1", ", \"num_envs\": 3"),
        ];

        private readonly string?[] _kept = new string?[Kinds.Length];
        private readonly ConcurrentDictionary<string, bool> _made = new();
        private readonly SemaphoreSlim _making = new(1, 1);

        public async Task<string> PickAsync(FuzzValues values, bool vector)
        {
            await _making.WaitAsync();
            try
            {
                for (var k = 0; k < Kinds.Length; k++)
                {
                    if (_kept[k] is null)
                    {
                        var (envId, extra) = Kinds[k];
                        var route = extra.Contains("num_envs", StringComparison.Ordinal) ? "v1/vector_envs/" : "v1/envs/";
                        var id = (string)(await client.OkAsync(HttpMethod.Post, route, $"{{\"env_id\": \"{envId}\"{extra}}}"))["instance_id"]!;
                        await client.OkAsync(HttpMethod.Post, $"{route}{id}/reset/");
                        _kept[k] = id;
                    }
                }

                // Another client may have just forgotten the one of this sort: then any will do.
                var all = _kept.OfType<string>().Concat(_made.Keys).Order(StringComparer.Ordinal).ToList();
                var ids = all.Where(id => id.StartsWith('v') == vector).ToList();
                return ids.Count > 0 ? values.Pick(ids) : all.Count > 0 ? values.Pick(all) : "bad_id";
            }
            finally
            {
                _making.Release();
            }
        }

        public void Forget(string id)
        {
            _made.TryRemove(id, out _);
            var k = Array.IndexOf(_kept, id);
            if (k >= 0)
            {
                _kept[k] = null;
            }
        }

        /// <summary>Envs the fuzzer made become targets too (a few).</summary>
        public void Harvest(HttpRequestMessage request, string text)
        {
            if (_made.Count >= 12 || request.Method != HttpMethod.Post || !(request.RequestUri?.OriginalString.EndsWith("envs/", StringComparison.Ordinal) ?? false))
            {
                return;
            }

            try
            {
                if (JsonNode.Parse(text) is JsonObject { } made && made["instance_id"] is { } id)
                {
                    _made[(string)id!] = true;
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
    }

    private sealed class Tally
    {
        public int Sent;
        public int Drops;
        public int ServerErrors;
        public int ExpectedServerErrors;

        public ConcurrentDictionary<int, int> Statuses { get; } = new();

        public ConcurrentDictionary<string, int> Kinds { get; } = new();

        public ConcurrentBag<string> Failures { get; } = [];
    }
}
