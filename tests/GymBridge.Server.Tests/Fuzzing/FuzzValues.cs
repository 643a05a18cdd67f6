using System.Globalization;
using System.Text;

namespace GymBridge.Server.Tests.Fuzzing;

/// <summary>
/// Seeded random inputs for the fuzz tests: JSON values with numbers at the edges, strange strings, deep nesting and
/// large arrays; broken JSON; bytes that are not UTF-8; MessagePack that lies about its lengths. Same seed, same inputs.
/// </summary>
internal sealed class FuzzValues(int seed)
{
    /// <summary>The request parameters the routes read, so that bodies often get past the first check.</summary>
    public static readonly string[] ParameterNames =
    [
        "env_id", "seed", "render_mode", "max_episode_steps", "kwargs", "options", "action", "render", "x", "value",
        "observation", "directory", "force", "resume", "video_callable", "interval", "count", "num_envs", "autoreset_mode",
        "actions", "reset_mask", "training_dir", "api_key", "name", "shape", "low", "high", "n", "instance_id", "method", "params",
    ];

    public static readonly string[] EnvIds =
    [
        "CartPole-v1", "FrozenLake-v1", "Pendulum-v1", "GymBridgeTest/AllSpaces-v0", "GymBridgeTest/Raising-v0", "bad string", "",
        "a:b:c", "this:Anything-v0", "os:CartPole-v1", "gymbridge_testenvs:GymBridgeTest/AllSpaces-v0", "LunarLander-v3", "Taxi-v3",
        "phys2d/CartPole-v1", "CartPole-v1\u0000", "CartPole", "ALE/Pong-v5", "GymV26Environment-v0", "x/y/z-v1", "CartPole-v99",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "0.5", "-0.5", "1e308", "-1e308", "1e309", "1e-400", "4.9e-324", "9007199254740993",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "1" + new string('0', 400), "0.1", "3.4028235e38", "3.5e38", "2147483647", "2147483648", "-2147483649", "1.0", "7",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "a", "rgb_array", "ansi", "human", "hologram", "NextStep", "SameStep", "Disabled", "next_step", "0", "-1", "42",
        "1.5", "true", "null", "NaN", "Infinity", "\u0000", "\u001b[41m", "é", "😀", "\ud800", "..", "../..", "/etc", "/tmp/x",
        "C:\\\\Windows", "%2e%2e", "{\"instance_id\": \"x\"}", "CartPole-v1",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A random JSON value as text.</summary>
    public string Json(int depth = 0)
    {
        var roll = _random.Next(depth > 6 ? 6 : 11);
        switch (roll)
        {
            case 0: return Pick(Numbers);
            case 1: return JsonString(Pick(Strings));
            case 2: return Pick(["true", "false", "null"]);
            case 3: return _random.Next(-5, 10).ToString(CultureInfo.InvariantCulture);
            case 4: return (_random.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture);
            case 5: return JsonString(Pick(EnvIds));
            case 6: return "[" + string.Join(", ", Enumerable.Range(0, _random.Next(5)).Select(_ => Json(depth + 1))) + "]";
            case 7: return Object(depth + 1);
            case 8: return new string('[', 40 + _random.Next(2000)) + new string(']', _random.Next(2) == 0 ? 0 : 1);
            case 9: return "[" + string.Join(",", Enumerable.Repeat(Pick(Numbers.Where(n => n.Length < 30).ToList()), 1 + _random.Next(60_000))) + "]";
            default: return JsonString(new string(Pick(['x', 'é', '\u0001', '"']), _random.Next(20_000)));
        }
    }

    /// <summary>
    /// An object of parameters with random values: mostly those <paramref name="route"/> reads (so bodies get past the
    /// first checks and reach the env), some other routes read, some no route reads.
    /// </summary>
    public string Object(int depth = 0, IReadOnlyList<string>? route = null)
    {
        var members = Enumerable.Range(0, 1 + _random.Next(4)).Select(_ =>
        {
            var name = route is { Count: > 0 } && Chance(0.7) ? Pick(route) : Chance(0.85) ? Pick(ParameterNames) : Pick(Strings);
            return $"{JsonString(name)}: {(Chance(0.6) ? Likely(name) : Json(depth + 1))}";
        });
        return "{" + string.Join(", ", members.DistinctBy(m => m[..m.IndexOf("\": ", StringComparison.Ordinal)])) + "}";
    }

    /// <summary>A request body: mostly objects, sometimes broken JSON, other values, bytes that are not UTF-8, or MessagePack.</summary>
    public (byte[] Body, string ContentType) Body(IReadOnlyList<string>? route = null)
    {
        var roll = _random.Next(20);
        return roll switch
        {
            < 11 => (Encoding.UTF8.GetBytes(Object(route: route)), "application/json"),
            11 => (Encoding.UTF8.GetBytes(Object(route: route))[..^1], "application/json"),
            12 => (Encoding.UTF8.GetBytes(Json()), "application/json"),
            13 => (Garbage(), "application/json"),
            14 => (Encoding.UTF8.GetBytes("{\"action\": " + Pick(Numbers) + ", \"seed\": " + Pick(Numbers) + "} trailing"), "application/json"),
            15 or 16 => (MessagePack(), "application/msgpack"),
            17 => (Garbage(), "application/msgpack"),
            18 => (Encoding.UTF8.GetBytes(Object()), Pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=z", "a/b; c", "application/json; charset=ebcdic", ""])),
            _ => ([], Pick(["application/json", "text/plain", "application/msgpack"])),
        };
    }

    /// <summary>Random bytes, with invalid UTF-8 sequences and NULs.</summary>
    public byte[] Garbage()
    {
        var bytes = new byte[_random.Next(1, 300)];
        _random.NextBytes(bytes);
        if (Chance(0.5))
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    /// <summary>MessagePack: a map of parameters with odd values, or headers that claim more than follows.</summary>
    public byte[] MessagePack()
    {
        var roll = _random.Next(6);
        return roll switch
        {
            0 => [0xDF, 0xFF, 0xFF, 0xFF, 0xFF], // map32 of 4 billion entries, then nothing
            1 => [0xDD, 0x7F, 0xFF, 0xFF, 0xFF, 0x01], // array32
            2 => [0x81, 0xA6, .. "action"u8, 0xC7, 0x10, 0x01, 0x93, 0xA3, .. "<f4"u8, 0x92, 0xCE, 0x7F, 0xFF, 0xFF, 0xFF, 0xCE, 0x7F, 0xFF, 0xFF, 0xFF, 0xC4, 0x00],
            3 => [0x81, 0xA6, .. "action"u8, 0xD4, 0x05, 0x00], // an ext type the protocol does not know
            4 => [0x81, 0xA4, .. "seed"u8, 0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], // uint64 max
            _ => [.. Enumerable.Repeat((byte)0x91, 200 + _random.Next(500)), 0x01], // arrays nested deeper than any limit
        };
    }

    /// <summary>A value of the kind the parameter <paramref name="name"/> takes (env ids, seeds, actions, options, directories, counts), often at an edge.</summary>
    private string Likely(string name) => name switch
    {
        "env_id" => JsonString(Pick(EnvIds)),
        "action" or "x" or "value" or "observation" => Pick(["0", "1", "1", "1", "0", "[0.0]", "[0, 1]", "[[0.1]]", "[2, [0.0, 0.0]]", "-1", "1.5", "\"1\"", "[2.5]", "true", "1e400", "{}"]),
        "actions" => Pick(["[0, 1, 0]", "[1, 1, 1]", "[0]", "[[0], [1], [0]]", "[0, 1, 0, 1]", "[\"a\", 1, 0]", "[]"]),
        "seed" => Pick(["0", "42", "\"42\"", "\"\"", "-1", "1.5", "\"x\"", "18446744073709551615", "9223372036854775807", "[1]", "null"]),
        "options" or "kwargs" => Pick(["{\"low\": -0.01, \"high\": 0.01}", "{\"low\": \"abc\"}", "{\"low\": 1, \"high\": 0}", "{\"x_init\": 1e308}", "{\"desc\": [\"SFFF\"]}", "{\"map_name\": 4}", "{\"is_slippery\": \"yes\"}", "{\"no_such\": 1}", "{\"render_mode\": \"ansi\"}", "{}", "[]"]),
        "directory" or "training_dir" => JsonString(Pick(["runs/a", "../up", "/", "/etc", "a/../../b", new string('d', 300), "x\u0000y", "é/😀", ""])),
        "count" or "num_envs" or "max_episode_steps" or "interval" => Pick(["-1", "0", "1", "2", "3", "1025", "\"2\"", "1e300", "2147483648", "1.5", "null"]),
        "reset_mask" => Pick(["[true, false, true]", "[true]", "[1, 0, 1]", "[\"yes\"]"]),
        "render_mode" => JsonString(Pick(["ansi", "hologram", "", "rgb_array_list"])),
        "autoreset_mode" => JsonString(Pick(["NextStep", "SameStep", "Disabled", "next_step", "0", ""])),
        "name" or "shape" or "low" or "high" or "n" => Pick(["\"Box\"", "\"Discrete\"", "[4]", "[2]", "2", "[-1.0]"]),
        _ => Pick(Numbers),
    };

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
