using System.Buffers;
using GymBridge.Protocol;
using GymBridge.Values;
using MessagePack;
using Xunit;

namespace GymBridge.Tests.Protocol;

public class GymValueFormatterTests
{
    [Fact]
    public void A_float32_stays_a_float32_and_a_float64_a_float64()
    {
        Assert.Equal("ca3fc00000", Encode(GymValue.FromSingle(1.5f)));
        Assert.Equal("cb3ff8000000000000", Encode(GymValue.FromDouble(1.5)));

        var single = Decode("ca3fc00000");
        Assert.True(Assert.IsType<FloatValue>(single).IsSingle);
        Assert.True(GymValue.DeepEquals(GymValue.FromSingle(1.5f), single));
        Assert.False(GymValue.DeepEquals(GymValue.FromDouble(1.5), single));
        Assert.False(Assert.IsType<FloatValue>(Decode("cb3ff8000000000000")).IsSingle);
    }

    [Fact]
    public void A_uint64_above_long_MaxValue_decodes_reads_as_a_double_and_re_encodes_as_a_uint64()
    {
        var value = Decode("cfffffffffffffffff");
        Assert.Equal(GymValueKind.Int, value.Kind);
        Assert.Equal(18446744073709551615d, value.AsDouble());
        Assert.Equal("18446744073709551615", value.ToString());
        var ex = Assert.Throws<OverflowException>(() => value.AsInt64());
        Assert.Contains("18446744073709551615 does not fit in an Int64", ex.Message, StringComparison.Ordinal);
        Assert.Equal("cfffffffffffffffff", Encode(value));

        Assert.True(GymValue.DeepEquals(GymValue.FromInt64(1), Decode("cf0000000000000001")));
        Assert.IsType<IntValue>(UInt64Value.Create(long.MaxValue));
        Assert.False(GymValue.DeepEquals(GymValue.FromInt64(-1), value));
        Assert.False(GymValue.DeepEquals(value, GymValue.FromInt64(-1)));
    }

    [Fact]
    public void Maps_keep_keys_of_any_type_in_order()
    {
        var map = new GymMap(
        [
            new(GymValue.FromString("z"), GymValue.None),
            new(GymValue.FromInt64(-3), GymValue.FromString("minus three")),
            new(GymValue.None, GymValue.FromBool(true)),
            new(GymValue.List(GymValue.FromInt64(1)), GymValue.FromBytes(new byte[] { 9 })),
        ]);
        var hex = Encode(map);
        Assert.Equal("84a17ac0fdab6d696e7573207468726565c0c39101c40109", hex);
        var decoded = Decode(hex);
        Assert.True(GymValue.DeepEquals(map, decoded));
        Assert.Equal("minus three", decoded.AsMap()[-3].AsString());
    }

    [Fact]
    public void Decoded_bytes_and_ndarrays_do_not_alias_the_input()
    {
        var input = Convert.FromHexString("92c4020102c70b0193a37c75319102c4020304");
        var list = Codec.Decode(input).AsList();
        Array.Clear(input);
        Assert.Equal(new byte[] { 1, 2 }, list[0].AsBytes().ToArray());
        Assert.Equal(new byte[] { 3, 4 }, list[1].AsArray().ToArray<byte>());
    }

    [Theory]
    [InlineData(300, "c8")]
    [InlineData(70000, "c9")]
    public void Large_ndarrays_use_ext16_and_ext32(int length, string code)
    {
        var array = NDArray.From(Enumerable.Range(0, length).Select(i => (byte)i).ToArray());
        var hex = Encode(array);
        Assert.StartsWith(code, hex, StringComparison.Ordinal);
        Assert.True(GymValue.DeepEquals(array, Decode(hex)));
    }

    [Fact]
    public void Ndarrays_of_every_dtype_and_shape_round_trip()
    {
        foreach (var array in new NDArray[]
        {
            NDArray.Scalar(2.5f),
            NDArray.Scalar(true),
            NDArray.From(new double[] { double.NaN, -0.0, 1e300 }),
            NDArray.From(new long[] { long.MinValue, 0, long.MaxValue, 1, 2, 3 }, 2, 3),
            NDArray.From(new sbyte[] { -128, 127 }),
            NDArray.From(new short[] { -1, 1 }),
            NDArray.From(new ushort[] { 65535 }),
            NDArray.From(new int[] { 1, 2, 3, 4 }, 2, 1, 2),
            NDArray.From(new uint[] { uint.MaxValue }),
            NDArray.From(new ulong[] { ulong.MaxValue }),
            NDArray.From(new Half[] { (Half)0.5, Half.MaxValue }),
            NDArray.From(Array.Empty<float>(), 3, 0),
            NDArray.From(Array.Empty<float>(), 200000, 0),
        })
        {
            Assert.True(GymValue.DeepEquals(array, Decode(Encode(array))), array.ToString());
        }
    }

    [Theory]
    [InlineData("c7110193a33c66349103c40800000000000000000000", "Malformed ndarray (ext type 1) at offset 0: dtype <f4 with shape (3) needs 12 bytes but its data has 8.")]
    [InlineData("9201c7110193a33c66349103c40800000000000000000000", "Malformed ndarray (ext type 1) at offset 2: dtype <f4 with shape (3) needs 12 bytes but its data has 8.")]
    [InlineData("c70d0193a33c663491ffc40400000000", "Malformed ndarray (ext type 1) at offset 0: its shape has the dimension -1.")]
    [InlineData("c70d0193a33e663491 01c40400000000", "Malformed ndarray (ext type 1) at offset 0: its dtype '>f4' is not supported.")]
    [InlineData("c70d0193c09101c40400000000000000", "Malformed ndarray (ext type 1) at offset 0: Expected a string but found nil at offset 1.")]
    [InlineData("c7090193a37c75319101c40a", "Malformed ndarray (ext type 1) at offset 0: (truncated)")]
    [InlineData("c70b0193a37c75319101c401ffc0", "Malformed ndarray (ext type 1) at offset 0: its payload has bytes after [dtype, shape, data].")]
    [InlineData("c7030192a0a0", "Malformed ndarray (ext type 1) at offset 0: its payload is an array of 2 items, not [dtype, shape, data].")]
    [InlineData("c7190193a37c75319502ce7fffffffce7fffffffce7fffffff02c400", "Malformed ndarray (ext type 1) at offset 0: dtype |u1 with shape (2, 2147483647, 2147483647, 2147483647, 2) needs more than 2^63 bytes but its data has 0.")]
    [InlineData("d40500", "Unsupported ext type 5 at offset 0 (the protocol knows only ext type 1, ndarray).")]
    [InlineData("91d4ff00", "Unsupported ext type -1 at offset 1 (the protocol knows only ext type 1, ndarray).")]
    [InlineData("c1", "Malformed data at offset 0: 0xc1 starts no MessagePack value.")]
    [InlineData("c0c0", "Unexpected data at offset 1 after the value.")]
    [InlineData("ddffffffff", "(truncated)")]
    [InlineData("df7fffffff", "(truncated)")]
    public void Undecodable_payloads_say_what_and_where(string hex, string message)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        foreach (var sequence in Segments.EverySplit(bytes))
        {
            foreach (var options in new[] { GymValueFormatter.WorkerOptions, GymValueFormatter.UntrustedOptions })
            {
                var ex = Assert.Throws<MessagePackSerializationException>(() => Codec.Decode(sequence, options));
                if (message.EndsWith("(truncated)", StringComparison.Ordinal))
                {
                    // MessagePack-CSharp says "past the end of the stream" in an EndOfStreamException, before allocating anything.
                    Assert.IsType<EndOfStreamException>(ex.GetBaseException());
                    Assert.StartsWith(message[..^"(truncated)".Length], Codec.Reason(ex), StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(message, Codec.Reason(ex));
                }
            }
        }
    }

    [Fact]
    public void Lists_and_maps_may_nest_MaxDepth_deep_both_ways()
    {
        GymValue deepest = GymValue.None;
        for (var i = 0; i < GymValueFormatter.MaxDepth; i++)
        {
            deepest = i % 2 == 0 ? GymValue.List(deepest) : GymMap.Of(("k", deepest));
        }

        Assert.True(GymValue.DeepEquals(deepest, Decode(Encode(deepest))));

        var tooDeep = GymValue.List(deepest);
        var write = Assert.Throws<MessagePackSerializationException>(() => Encode(tooDeep));
        Assert.Equal("The value nests lists and maps deeper than the options allow.", Codec.Reason(write));

        var read = Assert.Throws<MessagePackSerializationException>(() => Decode("91" + Encode(deepest)));
        Assert.IsType<InsufficientExecutionStackException>(read.InnerException);
        Assert.Throws<MessagePackSerializationException>(() => Decode(string.Concat(Enumerable.Repeat("91", 100_000))));
    }

    [Fact]
    public void A_step_reply_reads_as_the_worker_meant_it()
    {
        var reply = Decode("9307c395c7190193a33c66349104c410f085493c11c73abd5396a13d787a25bccb3ff0000000000000c2c280");
        Assert.Equal(7, reply[0].AsInt32());
        Assert.True(reply[1].AsBoolean());
        var result = reply[2];
        Assert.Equal(new[] { 4 }, result[0].AsArray().Shape);
        Assert.Equal(0.0123f, result[0].AsArray().AsSpan<float>()[0]);
        Assert.Equal(1.0, result[1].AsDouble());
        Assert.False(result[2].AsBoolean());
        Assert.Equal(0, result[4].AsMap().Count);
    }

    [Fact]
    public void Map_keys_read_again_are_the_same_values_and_colliding_or_long_keys_still_read_right()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"key_{i}").Append(new string('k', 200)).Append(string.Empty).Append("é€").ToArray();
        var map = new GymMap([.. keys.Select((k, i) => new KeyValuePair<GymValue, GymValue>(k, i))]);
        var hex = Encode(map);
        var first = Decode(hex).AsMap();
        var second = Decode(hex).AsMap();
        Assert.True(GymValue.DeepEquals(map, first));
        Assert.True(GymValue.DeepEquals(map, second));
        var info = Encode(GymMap.Of(("x_position", 0.5), ("é€", 1)));
        Assert.Same(Decode(info).AsMap().Entries[1].Key, Decode(info).AsMap().Entries[1].Key);

        // A cached key's bytes decide: the same length and ends with another middle is another key.
        Assert.Equal("abc", Decode("81a361626301").AsMap().Entries[0].Key.AsString());
        Assert.Equal("axc", Decode("81a361786301").AsMap().Entries[0].Key.AsString());

        var invalid = Assert.Throws<MessagePackSerializationException>(() => Decode("81a2c3280100"));
        Assert.Equal("Invalid UTF-8 in the string at offset 1.", Codec.Reason(invalid));
    }

    [Fact]
    public void Ndarrays_of_one_shape_share_the_shape_and_others_get_their_own()
    {
        var a = NDArray.From(new float[] { 1, 2, 3, 4 });
        var b = NDArray.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var first = Decode(Encode(a)).AsArray();
        var second = Decode(Encode(a)).AsArray();
        var other = Decode(Encode(b)).AsArray();
        Assert.Same(first.Shape, second.Shape);
        Assert.Equal(new[] { 2, 3 }, other.Shape);
        Assert.Equal(new[] { 4 }, first.Shape);
        var deep = NDArray.From(new byte[1], Enumerable.Repeat(1, 12).ToArray());
        Assert.True(GymValue.DeepEquals(deep, Decode(Encode(deep))));
    }

    private static string Encode(GymValue value) => Convert.ToHexStringLower(Codec.Encode(value));

    private static GymValue Decode(string hex) => Codec.Decode(Convert.FromHexString(hex));
}
