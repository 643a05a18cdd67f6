using System.Buffers;
using System.Text;
using GymBridge.Protocol.MessagePack;
using Xunit;

namespace GymBridge.Tests.Protocol;

public class MessagePackWriterTests
{
    private delegate void Write(ref MessagePackWriter writer);

    // The smallest encoding, as Python's msgpack picks it: non-negative values always as positive fixint or uint*.
    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "01")]
    [InlineData(127, "7f")]
    [InlineData(128, "cc80")]
    [InlineData(255, "ccff")]
    [InlineData(256, "cd0100")]
    [InlineData(65535, "cdffff")]
    [InlineData(65536, "ce00010000")]
    [InlineData(4294967295, "ceffffffff")]
    [InlineData(4294967296, "cf0000000100000000")]
    [InlineData(long.MaxValue, "cf7fffffffffffffff")]
    [InlineData(-1, "ff")]
    [InlineData(-32, "e0")]
    [InlineData(-33, "d0df")]
    [InlineData(-128, "d080")]
    [InlineData(-129, "d1ff7f")]
    [InlineData(-32768, "d18000")]
    [InlineData(-32769, "d2ffff7fff")]
    [InlineData(int.MinValue, "d280000000")]
    [InlineData(-2147483649, "d3ffffffff7fffffff")]
    [InlineData(long.MinValue, "d38000000000000000")]
    public void Write_long_uses_the_smallest_format(long value, string hex)
    {
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write(value)));
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write((int)value)));
        }

        if (value >= 0)
        {
            Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write((ulong)value)));
        }

        if (value is >= 0 and <= uint.MaxValue)
        {
            Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write((uint)value)));
        }
    }

    [Theory]
    [InlineData(9223372036854775808UL, "cf8000000000000000")]
    [InlineData(ulong.MaxValue, "cfffffffffffffffff")]
    public void Write_ulong_above_long_MaxValue_is_a_uint64(ulong value, string hex) =>
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write(value)));

    [Theory]
    [InlineData(0x3fc00000U, "ca3fc00000")]
    [InlineData(0x80000000U, "ca80000000")]
    [InlineData(0x7fc00000U, "ca7fc00000")]
    [InlineData(0x00000001U, "ca00000001")]
    [InlineData(0xff800000U, "caff800000")]
    public void Write_float_is_a_float32_with_the_same_bits(uint bits, string hex) =>
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write(BitConverter.UInt32BitsToSingle(bits))));

    [Theory]
    [InlineData(0x3ff8000000000000UL, "cb3ff8000000000000")]
    [InlineData(0x8000000000000000UL, "cb8000000000000000")]
    [InlineData(0x7ff8000000000000UL, "cb7ff8000000000000")]
    [InlineData(0x0000000000000001UL, "cb0000000000000001")]
    [InlineData(0x7fefffffffffffffUL, "cb7fefffffffffffff")]
    public void Write_double_is_a_float64_with_the_same_bits(ulong bits, string hex) =>
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.Write(BitConverter.UInt64BitsToDouble(bits))));

    [Fact]
    public void Nil_and_booleans()
    {
        Assert.Equal("c0", Encode((ref MessagePackWriter w) => w.WriteNil()));
        Assert.Equal("c0", Encode((ref MessagePackWriter w) => w.Write((string?)null)));
        Assert.Equal("c3", Encode((ref MessagePackWriter w) => w.Write(true)));
        Assert.Equal("c2", Encode((ref MessagePackWriter w) => w.Write(false)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(1, "a1")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void Write_string_uses_the_smallest_str_header(int length, string header)
    {
        var text = new string('x', length);
        var expected = header + Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant();
        Assert.Equal(expected, Encode((ref MessagePackWriter w) => w.Write(text)));
        Assert.Equal(expected, Encode((ref MessagePackWriter w) => w.WriteString(Encoding.UTF8.GetBytes(text))));
        Assert.Equal(header, Encode((ref MessagePackWriter w) => w.WriteStringHeader(length)));
    }

    [Theory]
    [InlineData("é", 16, "d920")]
    [InlineData("日", 11, "d921")]
    [InlineData("🎉", 7, "bc")]
    [InlineData("🎉", 8, "d920")]
    public void The_str_header_counts_UTF8_bytes_not_chars(string unit, int repeat, string header)
    {
        var text = string.Concat(Enumerable.Repeat(unit, repeat));
        Assert.Equal(header + Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant(), Encode((ref MessagePackWriter w) => w.Write(text)));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(1, "c401")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void Write_bytes_is_a_bin_with_the_smallest_header(int length, string header)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 13)).ToArray();
        Assert.Equal(header + Convert.ToHexString(bytes).ToLowerInvariant(), Encode((ref MessagePackWriter w) => w.Write(bytes.AsSpan())));
        Assert.Equal(header, Encode((ref MessagePackWriter w) => w.WriteBinHeader(length)));
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    [InlineData(int.MaxValue, "dd7fffffff", "df7fffffff")]
    public void Array_and_map_headers_use_the_smallest_format(int count, string arrayHeader, string mapHeader)
    {
        Assert.Equal(arrayHeader, Encode((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(mapHeader, Encode((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Theory]
    [InlineData(1U, 1, "d401")]
    [InlineData(2U, -1, "d5ff")]
    [InlineData(4U, -128, "d680")]
    [InlineData(8U, 127, "d77f")]
    [InlineData(16U, 1, "d801")]
    [InlineData(0U, 1, "c70001")]
    [InlineData(3U, 1, "c70301")]
    [InlineData(17U, 1, "c71101")]
    [InlineData(255U, 1, "c7ff01")]
    [InlineData(256U, 1, "c8010001")]
    [InlineData(65535U, 1, "c8ffff01")]
    [InlineData(65536U, 1, "c90001000001")]
    [InlineData(uint.MaxValue, 1, "c9ffffffff01")]
    public void Ext_headers_use_a_fixext_when_the_length_allows(uint length, int typeCode, string hex) =>
        Assert.Equal(hex, Encode((ref MessagePackWriter w) => w.WriteExtensionFormatHeader(new ExtensionHeader((sbyte)typeCode, length))));

    [Fact]
    public void Negative_lengths_and_counts_are_refused()
    {
        foreach (var write in new Write[]
        {
            (ref MessagePackWriter w) => w.WriteArrayHeader(-1),
            (ref MessagePackWriter w) => w.WriteMapHeader(-1),
            (ref MessagePackWriter w) => w.WriteBinHeader(-1),
            (ref MessagePackWriter w) => w.WriteStringHeader(-1),
        })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Encode(write));
        }
    }

    [Fact]
    public void Nothing_reaches_the_output_before_Flush()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.Write(300);
        writer.Write("abc");
        Assert.Equal(0, output.WrittenCount);

        writer.Flush();
        Assert.Equal("cd012ca3616263", Convert.ToHexString(output.WrittenSpan).ToLowerInvariant());

        writer.WriteNil();
        writer.Flush();
        writer.Flush();
        Assert.Equal("cd012ca3616263c0", Convert.ToHexString(output.WrittenSpan).ToLowerInvariant());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Output_that_hands_out_small_spans_gets_the_same_bytes(int chunk)
    {
        var expected = Encode(WriteMixture, new ArrayBufferWriter<byte>());
        var output = new ChunkedBufferWriter(chunk);
        Assert.Equal(expected, Encode(WriteMixture, output));
        if (chunk == 1)
        {
            Assert.True(output.GetSpanCalls > 100);
        }
    }

    [Fact]
    public void Random_values_read_back_as_written()
    {
        var random = new Random(20240601);
        var longs = Enumerable.Range(0, 2000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64)).ToArray();
        var ulongs = longs.Select(v => (ulong)v).ToArray();
        var doubles = Enumerable.Range(0, 500).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))).ToArray();
        var floats = Enumerable.Range(0, 500).Select(_ => BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue))).ToArray();

        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        foreach (var v in longs)
        {
            writer.Write(v);
        }

        foreach (var v in ulongs)
        {
            writer.Write(v);
        }

        foreach (var v in doubles)
        {
            writer.Write(v);
        }

        foreach (var v in floats)
        {
            writer.Write(v);
        }

        writer.Flush();

        var reader = new MessagePackReader(output.WrittenMemory);
        foreach (var v in longs)
        {
            Assert.Equal(v, reader.ReadInt64());
        }

        foreach (var v in ulongs)
        {
            Assert.Equal(v, reader.ReadUInt64());
        }

        foreach (var v in doubles)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
        }

        foreach (var v in floats)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(reader.ReadSingle()));
        }

        Assert.True(reader.End);
    }

    [Fact]
    public void WriteRaw_copies_bytes_as_they_are()
    {
        Assert.Equal("93010203", Encode((ref MessagePackWriter w) => w.WriteRaw(Convert.FromHexString("93010203"))));
        Assert.Equal(string.Empty, Encode((ref MessagePackWriter w) => w.WriteRaw([])));
    }

    [Fact]
    public void Writing_ints_and_headers_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(1 << 16);
        var writer = new MessagePackWriter(output);
        static void WriteAll(ref MessagePackWriter writer, int i)
        {
            writer.WriteArrayHeader(i);
            writer.Write(i * 1_000_003L);
            writer.Write(-i);
            writer.Write(i * 0.5);
            writer.Write(i * 0.25f);
            writer.WriteMapHeader(i);
            writer.WriteExtensionFormatHeader(new ExtensionHeader(1, (uint)i));
        }

        WriteAll(ref writer, 0); // first calls may allocate (type initialisation, tiering), not the writes
        writer.Flush();
        output.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            WriteAll(ref writer, i);
        }

        writer.Flush();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void WriteMixture(ref MessagePackWriter w)
    {
        w.WriteArrayHeader(20);
        w.Write(-129);
        w.Write(ulong.MaxValue);
        w.Write(1.5f);
        w.Write(-2.25);
        w.Write(new string('é', 300));
        w.Write("日本語 🎉");
        w.Write(Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray().AsSpan());
        w.WriteExtensionFormatHeader(new ExtensionHeader(1, 300));
        w.WriteRaw(new byte[300]);
        w.WriteMapHeader(70000);
        w.WriteString("key"u8);
    }

    private static string Encode(Write write) => Convert.ToHexString(Encode(write, new ArrayBufferWriter<byte>())).ToLowerInvariant();

    private static byte[] Encode(Write write, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        write(ref writer);
        writer.Flush();
        return output switch
        {
            ArrayBufferWriter<byte> array => array.WrittenSpan.ToArray(),
            ChunkedBufferWriter chunked => chunked.WrittenBytes,
            _ => throw new ArgumentException("unknown output", nameof(output)),
        };
    }
}
