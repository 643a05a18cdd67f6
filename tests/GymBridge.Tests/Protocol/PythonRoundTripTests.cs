using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using GymBridge.Protocol;
using GymBridge.Tests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Protocol;

/// <summary>
/// The C# codec against the worker's (gymbridge_worker.codec over Python's msgpack), in a real Python process.
/// Python reports what it decoded in the typed notation of protocol/test-vectors.json, so a value either side
/// misencodes or misreads shows up as a difference in meaning, and both encoders must agree byte for byte.
/// </summary>
public class PythonRoundTripTests
{
    // Each level of a nested value is three levels of its description.
    private static readonly JsonDocumentOptions DeepJson = new() { MaxDepth = 256 };

    private const string Describe = """
        import json, struct, sys
        import numpy as np
        from gymbridge_worker import codec

        def describe(v):
            if v is None: return {"nil": None}
            if isinstance(v, bool): return {"bool": v}
            if isinstance(v, int): return {"int": str(v)}
            if isinstance(v, float): return {"float64": struct.pack(">d", v).hex()}
            if isinstance(v, str): return {"str": v}
            if isinstance(v, bytes): return {"bin": v.hex()}
            if isinstance(v, list): return {"array": [describe(x) for x in v]}
            if isinstance(v, dict): return {"map": [[describe(k), describe(x)] for k, x in v.items()]}
            if isinstance(v, np.ndarray):
                return {"ndarray": {"dtype": v.dtype.str, "shape": list(v.shape), "data": v.tobytes().hex()}}
            raise TypeError(f"decoded an unexpected {type(v).__name__}: {v!r}")

        """;

    private const string ReadWhatCSharpWrote = Describe + """
        items = codec.unpack(sys.stdin.buffer.read())
        json.dump([{"description": describe(v), "repacked": codec.pack(v).hex()} for v in items], sys.stdout)
        """;

    private const string WriteForCSharp = Describe + """
        nested = None
        for depth in range(60):
            nested = [nested] if depth % 2 else {"k": nested}
        values = [
            ("ints", [0, 1, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63 - 1, 2**63, 2**64 - 1,
                      -1, -32, -33, -128, -129, -32768, -32769, -2**31, -2**31 - 1, -2**63]),
            ("floats", [0.0, -0.0, 0.1, 1e300, 5e-324, float("inf"), float("-inf"), float("nan")]),
            ("numpy scalars", [np.float32(0.1), np.float16(1.5), np.float64(2.5), np.int8(-5), np.uint64(2**64 - 1),
                               np.int64(-2**63), np.bool_(True), np.bool_(False)]),
            ("tuple and set", ((1, "a", None), {3})),
            ("strings", ["", "x" * 31, "x" * 32, "x" * 255, "x" * 256, "x" * 65535, "x" * 65536, "é" * 40000,
                         "日本語 🎉", "a\x00b"]),
            ("bytes", [b"", bytes(range(256)), bytes(65535), bytes(70000)]),
            ("lists", [[], list(range(15)), list(range(16)), list(range(65535)), list(range(70000))]),
            ("dicts", [{}, {f"k{i}": i for i in range(15)}, {f"k{i}": i for i in range(16)},
                       {i: -i for i in range(70000)}, {0: {1: [(1.0, 2, 3.0, False)]}},
                       {None: 1, b"k": 2, 1.5: 3, -7: 4, "s": 5}]),
            ("ndarrays", [np.arange(6, dtype=d).reshape(2, 3) for d in
                          ["f4", "f8", "u1", "i1", "i2", "u2", "i4", "u4", "i8", "u8", "f2"]]
                         + [np.array([True, False]), np.arange(6, dtype=">f4").reshape(2, 3),
                            np.arange(12, dtype=np.int16).reshape(3, 4)[:, ::2], np.zeros((2, 0), np.float32),
                            np.arange(7, dtype=np.uint8), (np.arange(300) % 256).astype(np.uint8),
                            (np.arange(70000) % 256).astype(np.uint8), np.array([np.nan, -np.inf], np.float32)]),
            ("nested", nested),
            ("repr of what msgpack cannot carry", [1 + 2j]),
            ("step reply", [7, True, [np.array([0.1, -0.2, 0.3, -0.4], np.float32), 1.0, False, True,
                                      {"TimeLimit.truncated": True, "episode": {"r": np.float64(12.0), "l": np.int64(12)}}]]),
        ]
        out = []
        for name, value in values:
            data = codec.pack(value)
            out.append({"name": name, "hex": data.hex(), "description": describe(codec.unpack(data))})
        json.dump(out, sys.stdout)
        """;

    [Fact]
    public async Task Python_reads_what_CSharp_writes_and_writes_it_back_the_same()
    {
        var named = CSharpValues();
        var output = await RunPythonAsync(ReadWhatCSharpWrote, Encode(GymValue.List(named.Select(n => n.Value).ToArray())));
        var results = JsonDocument.Parse(output, DeepJson).RootElement.EnumerateArray().ToArray();
        Assert.Equal(named.Length, results.Length);

        for (var i = 0; i < named.Length; i++)
        {
            var (name, value) = named[i];

            // Python has no float32: it reads one as the float it holds and sends it back as a float64.
            var expected = Widen(value);
            AssertSame(expected, TypedJson.Parse(results[i].GetProperty("description")), $"Python read {name}");

            // codec.pack sends a 0-d ndarray with shape [1] (see KNOWN_ENCODE_BUGS in python_worker/tests/test_vectors.py).
            if (name.StartsWith("0-d", StringComparison.Ordinal))
            {
                continue;
            }

            var repacked = Convert.FromHexString(results[i].GetProperty("repacked").GetString()!);
            AssertSame(expected, Decode(repacked), $"C# read {name} as Python wrote it back");
            Assert.True(Encode(expected).AsSpan().SequenceEqual(repacked), $"{name}: Python and C# encode it differently");
        }
    }

    [Fact]
    public async Task CSharp_reads_what_Python_writes_and_writes_it_back_the_same()
    {
        var output = await RunPythonAsync(WriteForCSharp, []);
        var results = JsonDocument.Parse(output, DeepJson).RootElement.EnumerateArray().ToArray();
        Assert.Equal(12, results.Length);

        foreach (var result in results)
        {
            var name = result.GetProperty("name").GetString()!;
            var bytes = Convert.FromHexString(result.GetProperty("hex").GetString()!);
            var decoded = Decode(bytes);
            AssertSame(TypedJson.Parse(result.GetProperty("description")), decoded, $"C# read {name}");
            Assert.True(Encode(decoded).AsSpan().SequenceEqual(bytes), $"{name}: C# and Python encode it differently");
        }
    }

    private static (string Name, GymValue Value)[] CSharpValues()
    {
        var ints = new long[]
        {
            0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, uint.MaxValue + 1L, long.MaxValue,
            -1, -32, -33, -128, -129, short.MinValue, short.MinValue - 1, int.MinValue, int.MinValue - 1L, long.MinValue,
        };
        GymValue nested = GymValue.None;
        for (var depth = 0; depth < 60; depth++)
        {
            nested = depth % 2 == 0 ? GymValue.List(nested) : GymMap.Of(("k", nested));
        }

        return
        [
            ("ints", GymValue.List([.. ints.Select(GymValue.FromInt64)])),
            ("uint64 max", UInt64Value.Create(ulong.MaxValue)),
            ("uint64 2^63", UInt64Value.Create(1UL << 63)),
            ("float32s", GymValue.List([.. new[] { 1.5f, -0f, 0.1f, float.MaxValue, float.Epsilon, float.NegativeInfinity, float.NaN }.Select(GymValue.FromSingle)])),
            ("float64s", GymValue.List([.. new[] { 0.1, -0.0, 1e300, double.Epsilon, double.PositiveInfinity, double.NaN }.Select(GymValue.FromDouble)])),
            ("bools and nil", GymValue.List(true, false, GymValue.None)),
            ("strings", GymValue.List([.. new[] { 0, 1, 31, 32, 255, 256, 65535, 65536 }.Select(n => GymValue.FromString(new string('x', n)))])),
            ("long non-ASCII string (str32)", string.Concat(Enumerable.Repeat("é", 40000))),
            ("non-ASCII strings", GymValue.List("日本語 🎉", "a\0b", "héllo")),
            ("bytes", GymValue.List([.. new[] { 0, 255, 256, 65535, 65536, 70000 }.Select(n => GymValue.FromBytes(Enumerable.Range(0, n).Select(i => (byte)(i * 31)).ToArray()))])),
            ("lists", GymValue.List([.. new[] { 0, 15, 16, 65535, 65536 }.Select(n => GymValue.List([.. Enumerable.Range(0, n).Select(i => GymValue.FromInt64(i))]))])),
            ("map of 15", GymMap.Of([.. Enumerable.Range(0, 15).Select(i => ($"k{i}", GymValue.FromInt64(i)))])),
            ("map of 16", GymMap.Of([.. Enumerable.Range(0, 16).Select(i => ($"k{i}", GymValue.FromInt64(i)))])),
            ("map of 70000 int keys", new GymMap([.. Enumerable.Range(0, 70000).Select(i => new KeyValuePair<GymValue, GymValue>(i, -i))])),
            ("map with keys of several types", new GymMap(
            [
                new(GymValue.None, 1),
                new(GymValue.FromBytes("k"u8.ToArray()), 2),
                new(1.5, 3),
                new(-7, 4),
                new("s", 5),
            ])),
            ("ndarrays", GymValue.List(
                NDArray.From(new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3),
                NDArray.From(new double[] { double.NaN, -0.0, 1e300 }),
                NDArray.From(new byte[] { 0, 1, 2, 3, 4, 5, 6 }),
                NDArray.From(new sbyte[] { -128, 127 }),
                NDArray.From(new short[] { short.MinValue, short.MaxValue }),
                NDArray.From(new ushort[] { ushort.MaxValue }),
                NDArray.From(new int[] { 1, 2, 3, 4 }, 2, 1, 2),
                NDArray.From(new uint[] { uint.MaxValue }),
                NDArray.From(new long[] { long.MinValue, long.MaxValue }),
                NDArray.From(new ulong[] { ulong.MaxValue }),
                NDArray.From(new Half[] { (Half)1.5, Half.MinValue }),
                NDArray.From(new bool[] { true, false, true }),
                NDArray.From(Array.Empty<float>(), 2, 0),
                NDArray.From(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()),
                NDArray.From(Enumerable.Range(0, 70000).Select(i => (byte)i).ToArray()))),
            ("0-d float32 ndarray", NDArray.Scalar(3.5f)),
            ("0-d bool ndarray", NDArray.Scalar(true)),
            ("nested 60 deep", nested),
            ("step request", GymValue.List(7, "step", GymMap.Of(("handle", 1), ("action", NDArray.From(new float[] { 0.5f }))))),
        ];
    }

    private static GymValue Widen(GymValue value) => value switch
    {
        FloatValue { IsSingle: true } => GymValue.FromDouble(value.AsDouble()),
        GymMap map => new GymMap([.. map.Entries.Select(e => new KeyValuePair<GymValue, GymValue>(Widen(e.Key), Widen(e.Value)))]),
        _ when value.Kind == GymValueKind.List => GymValue.List([.. value.AsList().Select(Widen)]),
        _ => value,
    };

    private static void AssertSame(GymValue expected, GymValue actual, string what)
    {
        if (!GymValue.DeepEquals(expected, actual))
        {
            Assert.Fail($"{what}: got {Shorten(actual)}, expected {Shorten(expected)}");
        }
    }

    private static string Shorten(GymValue value)
    {
        var text = value.ToString() ?? string.Empty;
        return text.Length > 300 ? text[..300] + "..." : text;
    }

    private static byte[] Encode(GymValue value) => Codec.Encode(value);

    private static GymValue Decode(byte[] bytes) => Codec.Decode(bytes);

    private static async Task<string> RunPythonAsync(string script, byte[] input)
    {
        var start = RepoPaths.PythonStartInfo("-c", script);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The Python codec script did not finish in 2 minutes.");
        }

        Assert.True(process.ExitCode == 0, $"Python exited with {process.ExitCode}:\n{await stderr}");
        return await stdout;
    }
}
