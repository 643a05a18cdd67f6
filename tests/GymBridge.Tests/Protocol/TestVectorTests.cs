using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using GymBridge.Protocol;
using GymBridge.Tests.TestSupport;
using GymBridge.Values;
using MessagePack;
using Xunit;

namespace GymBridge.Tests.Protocol;

/// <summary>
/// protocol/test-vectors.json against MessagePack-CSharp with the GymValue formatter, read as the worker's replies
/// and as clients' bodies are (python_worker/tests/test_vectors.py checks the same file).
/// </summary>
public class TestVectorTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestVectors)).RootElement;

    private static IEnumerable<JsonElement> Vectors => Root.GetProperty("vectors").EnumerateArray();

    private static readonly MessagePackSerializerOptions[] Options = [GymValueFormatter.WorkerOptions, GymValueFormatter.UntrustedOptions];

    private static IEnumerable<JsonElement> Frames => Root.GetProperty("frames").EnumerateArray();

    public static TheoryData<string> ValueVectors => Names(Vectors.Where(v => v.TryGetProperty("value", out _)));

    public static TheoryData<string> CSharpEncodedVectors => Names(Vectors.Where(v => Encoders(v).Contains("csharp")));

    public static TheoryData<string> ErrorVectors => Names(Vectors.Where(v => v.TryGetProperty("error", out _)));

    public static TheoryData<string> FrameNames => Names(Frames);

    [Theory]
    [MemberData(nameof(ValueVectors))]
    public void Vector_decodes_to_its_value(string name)
    {
        var vector = Find(Vectors, name);
        var expected = TypedJson.Parse(vector.GetProperty("value"));
        foreach (var sequence in Segments.EverySplit(Bytes(vector, "hex")))
        {
            foreach (var options in Options)
            {
                var actual = Codec.Decode(sequence, options);
                Assert.True(GymValue.DeepEquals(expected, actual), $"{name}: decoded {actual}, expected {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValueVectors))]
    public void Skip_passes_over_the_whole_vector(string name)
    {
        foreach (var sequence in Segments.EverySplit(Bytes(Find(Vectors, name), "hex")))
        {
            var reader = new MessagePackReader(sequence);
            reader.Skip();
            Assert.True(reader.End);
        }
    }

    [Theory]
    [MemberData(nameof(CSharpEncodedVectors))]
    public void Vector_value_encodes_to_its_bytes(string name)
    {
        var vector = Find(Vectors, name);
        var output = new ArrayBufferWriter<byte>();
        Codec.Encode(output, TypedJson.Parse(vector.GetProperty("value")));
        Assert.Equal(vector.GetProperty("hex").GetString(), Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(ErrorVectors))]
    public void Error_vector_is_rejected(string name)
    {
        var vector = Find(Vectors, name);
        var kind = vector.GetProperty("error").GetString();
        Assert.Contains(kind, new[] { "truncated", "malformed" });
        foreach (var sequence in Segments.EverySplit(Bytes(vector, "hex")))
        {
            foreach (var options in Options)
            {
                var ex = Assert.Throws<MessagePackSerializationException>(() => Codec.Decode(sequence, options));
                Assert.True(kind == "truncated" == ex.GetBaseException() is EndOfStreamException, $"{name}: {ex.GetBaseException()}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Frame_is_the_little_endian_length_then_the_payload(string name)
    {
        var frame = Find(Frames, name);
        var payload = Bytes(frame, "payload_hex");
        var bytes = Bytes(frame, "frame_hex");
        Assert.Equal((uint)payload.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(payload, bytes[4..]);
        Codec.Decode(payload);
    }

    [Fact]
    public void The_vectors_cover_every_format_but_the_small_fixexts()
    {
        var seen = new HashSet<string>();
        foreach (var vector in Vectors.Where(v => v.TryGetProperty("value", out _)))
        {
            var reader = new MessagePackReader(Bytes(vector, "hex"));
            CollectFormats(ref reader, seen);
        }

        // An ndarray payload is at least 9 bytes, so fixext1/2/4/8 carry no value of this protocol.
        var expected = Enumerable.Range(0, 256).Select(code => MessagePackCode.ToFormatName((byte)code))
            .Except(["(never used)", "fixext 1", "fixext 2", "fixext 4", "fixext 8"]);
        Assert.Empty(expected.Except(seen));
    }

    [Fact]
    public void Names_are_unique_and_encoders_known()
    {
        var names = Vectors.Concat(Frames).Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(Vectors.SelectMany(Encoders), e => Assert.Contains(e, new[] { "csharp", "python" }));
        Assert.True(ValueVectors.Count > 100 && ErrorVectors.Count > 20);
    }

    private static void CollectFormats(ref MessagePackReader reader, HashSet<string> seen)
    {
        seen.Add(MessagePackCode.ToFormatName(reader.NextCode));
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                for (var i = reader.ReadArrayHeader(); i > 0; i--)
                {
                    CollectFormats(ref reader, seen);
                }

                break;
            case MessagePackType.Map:
                for (var i = 2 * reader.ReadMapHeader(); i > 0; i--)
                {
                    CollectFormats(ref reader, seen);
                }

                break;
            case MessagePackType.Extension:
                var payload = new MessagePackReader(reader.ReadRaw(reader.ReadExtensionFormatHeader().Length));
                CollectFormats(ref payload, seen);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static IEnumerable<string> Encoders(JsonElement vector) =>
        vector.TryGetProperty("encode", out var encode) ? encode.EnumerateArray().Select(e => e.GetString()!) : [];

    private static TheoryData<string> Names(IEnumerable<JsonElement> entries) =>
        new(entries.Select(e => e.GetProperty("name").GetString()!));

    private static JsonElement Find(IEnumerable<JsonElement> entries, string name) =>
        entries.Single(e => e.GetProperty("name").GetString() == name);

    private static byte[] Bytes(JsonElement entry, string property) => Convert.FromHexString(entry.GetProperty(property).GetString()!);
}
