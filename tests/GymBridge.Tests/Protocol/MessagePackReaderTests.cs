using System.Buffers;
using System.Text;
using GymBridge.Protocol.MessagePack;
using Xunit;

namespace GymBridge.Tests.Protocol;

public class MessagePackReaderTests
{
    private delegate T Read<out T>(ref MessagePackReader reader);

    [Theory]
    [InlineData("00", 0)]
    [InlineData("01", 1)]
    [InlineData("7f", 127)]
    [InlineData("cc80", 128)]
    [InlineData("ccff", 255)]
    [InlineData("cd0100", 256)]
    [InlineData("cdffff", 65535)]
    [InlineData("ce00010000", 65536)]
    [InlineData("ceffffffff", 4294967295)]
    [InlineData("cf0000000100000000", 4294967296)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("ff", -1)]
    [InlineData("e0", -32)]
    [InlineData("d0df", -33)]
    [InlineData("d080", -128)]
    [InlineData("d1ff7f", -129)]
    [InlineData("d18000", -32768)]
    [InlineData("d2ffff7fff", -32769)]
    [InlineData("d280000000", int.MinValue)]
    [InlineData("d3ffffffff7fffffff", -2147483649)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("cc01", 1)]
    [InlineData("d005", 5)]
    [InlineData("d1ffff", -1)]
    [InlineData("d20000007f", 127)]
    [InlineData("d3ffffffffffffffe0", -32)]
    public void ReadInt64_reads_every_integer_format(string hex, long expected)
    {
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadInt64(), expected);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadDouble(), (double)expected);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.NextMessagePackType, MessagePackType.Integer, consumesAll: false);
    }

    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("ccff", 255UL)]
    [InlineData("cf8000000000000000", 9223372036854775808UL)]
    [InlineData("cfffffffffffffffff", ulong.MaxValue)]
    [InlineData("d005", 5UL)]
    [InlineData("d37fffffffffffffff", 9223372036854775807UL)]
    public void ReadUInt64_reads_non_negative_integers_of_any_format(string hex, ulong expected) =>
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadUInt64(), expected);

    [Theory]
    [InlineData("d280000000", int.MinValue)]
    [InlineData("ce7fffffff", int.MaxValue)]
    [InlineData("d3ffffffffffffffff", -1)]
    public void ReadInt32_reads_integers_that_fit(string hex, int expected) =>
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadInt32(), expected);

    [Theory]
    [InlineData("ceffffffff", uint.MaxValue)]
    [InlineData("cf00000000ffffffff", uint.MaxValue)]
    [InlineData("d07f", 127U)]
    public void ReadUInt32_reads_integers_that_fit(string hex, uint expected) =>
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadUInt32(), expected);

    [Theory]
    [InlineData("cf8000000000000000", "Int64", "The integer 9223372036854775808 at offset 0 does not fit in an Int64.")]
    [InlineData("ce80000000", "Int32", "The integer 2147483648 at offset 0 does not fit in an Int32.")]
    [InlineData("d3ffffffff7fffffff", "Int32", "The integer -2147483649 at offset 0 does not fit in an Int32.")]
    [InlineData("ff", "UInt64", "The integer -1 at offset 0 does not fit in a UInt64.")]
    [InlineData("d38000000000000000", "UInt32", "The integer -9223372036854775808 at offset 0 does not fit in a UInt64.")]
    [InlineData("cf0000000100000000", "UInt32", "The integer 4294967296 at offset 0 does not fit in a UInt32.")]
    [InlineData("92 01 ce80000000", "Int32 second", "The integer 2147483648 at offset 2 does not fit in an Int32.")]
    public void Narrowing_reads_reject_integers_that_do_not_fit(string hex, string read, string message)
    {
        var ex = AssertThrowsEverySplit(hex, (ref MessagePackReader r) =>
        {
            switch (read)
            {
                case "Int64": r.ReadInt64(); break;
                case "Int32": r.ReadInt32(); break;
                case "UInt64": r.ReadUInt64(); break;
                case "UInt32": r.ReadUInt32(); break;
                default: r.ReadArrayHeader(); r.ReadInt32(); r.ReadInt32(); break;
            }
        });
        Assert.Equal(message, ex.Message);
        Assert.IsType<OverflowException>(ex.InnerException);
    }

    [Theory]
    [InlineData("cb3ff8000000000000", 0x3ff8000000000000UL)]
    [InlineData("cb8000000000000000", 0x8000000000000000UL)]
    [InlineData("cb7ff8000000000000", 0x7ff8000000000000UL)]
    [InlineData("cb0000000000000001", 0x0000000000000001UL)]
    [InlineData("ca3fc00000", 0x3ff8000000000000UL)]
    [InlineData("ca80000000", 0x8000000000000000UL)]
    [InlineData("ca7f800000", 0x7ff0000000000000UL)]
    [InlineData("ca3dcccccd", 0x3fb99999a0000000UL)]
    public void ReadDouble_reads_float64_and_widens_float32_exactly(string hex, ulong expectedBits) =>
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => BitConverter.DoubleToUInt64Bits(r.ReadDouble()), expectedBits);

    [Theory]
    [InlineData("ca3fc00000", 0x3fc00000U)]
    [InlineData("ca00000001", 0x00000001U)]
    [InlineData("ca7fc00000", 0x7fc00000U)]
    [InlineData("cb3fb999999999999a", 0x3dcccccdU)]
    [InlineData("d0ff", 0xbf800000U)]
    [InlineData("cd0100", 0x43800000U)]
    public void ReadSingle_reads_float32_and_rounds_float64_and_integers(string hex, uint expectedBits) =>
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => BitConverter.SingleToUInt32Bits(r.ReadSingle()), expectedBits);

    [Fact]
    public void Booleans_and_nil()
    {
        AssertReadsEverySplit("c3", (ref MessagePackReader r) => r.ReadBoolean(), true);
        AssertReadsEverySplit("c2", (ref MessagePackReader r) => r.ReadBoolean(), false);
        AssertReadsEverySplit("c0", (ref MessagePackReader r) => r.TryReadNil(), true);
        AssertReadsEverySplit("c0", (ref MessagePackReader r) => r.IsNil, true, consumesAll: false);
        AssertReadsEverySplit("c0", (ref MessagePackReader r) =>
        {
            r.ReadNil();
            return r.End;
        }, true);

        var reader = new MessagePackReader(Convert.FromHexString("c2"));
        Assert.False(reader.TryReadNil());
        Assert.False(reader.IsNil);
        Assert.Equal(0, reader.Consumed);
        Assert.False(new MessagePackReader(ReadOnlyMemory<byte>.Empty).TryReadNil());
    }

    public static TheoryData<string, int> StringLengths => new()
    {
        { "a0", 0 },
        { "a1", 1 },
        { "bf", 31 },
        { "d920", 32 },
        { "d9ff", 255 },
        { "da0100", 256 },
        { "daffff", 65535 },
        { "db00010000", 65536 },
        { "d901", 1 },
        { "db00000000", 0 },
    };

    [Theory]
    [MemberData(nameof(StringLengths))]
    public void ReadString_reads_every_str_format(string header, int length)
    {
        var text = new string('x', length);
        var hex = header + Convert.ToHexString(Encoding.UTF8.GetBytes(text));
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadString(), text);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadStringSequence()!.Value.ToArray().Length, length);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.NextMessagePackType, MessagePackType.String, consumesAll: false);
    }

    [Theory]
    [InlineData("héllo wörld")]
    [InlineData("日本語")]
    [InlineData("🎉 party")]
    [InlineData("a\0b")]
    public void ReadString_decodes_UTF8_split_anywhere(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        AssertReadsEverySplit(Convert.ToHexString([(byte)(0xa0 | utf8.Length), .. utf8]), (ref MessagePackReader r) => r.ReadString(), text);
    }

    [Fact]
    public void ReadString_and_ReadStringSequence_read_nil_as_null()
    {
        AssertReadsEverySplit("c0", (ref MessagePackReader r) => r.ReadString(), null);
        AssertReadsEverySplit("c0", (ref MessagePackReader r) => r.ReadStringSequence().HasValue, false);
    }

    [Theory]
    [InlineData("a2c328", "Invalid UTF-8 in the string at offset 0.")]
    [InlineData("a2c0af", "Invalid UTF-8 in the string at offset 0.")]
    [InlineData("a3eda080", "Invalid UTF-8 in the string at offset 0.")]
    [InlineData("9201a2c328", "Invalid UTF-8 in the string at offset 2.")]
    public void ReadString_rejects_invalid_UTF8(string hex, string message)
    {
        var ex = AssertThrowsEverySplit(hex, (ref MessagePackReader r) =>
        {
            if (r.NextMessagePackType == MessagePackType.Array)
            {
                r.ReadArrayHeader();
                r.ReadInt64();
            }

            r.ReadString();
        });
        Assert.Equal(message, ex.Message);
        Assert.IsType<DecoderFallbackException>(ex.InnerException);
    }

    [Fact]
    public void TryReadStringSpan_reads_a_contiguous_string_and_declines_a_split_one_without_moving()
    {
        var data = Convert.FromHexString("a3616263c0");

        var whole = new MessagePackReader(data);
        Assert.True(whole.TryReadStringSpan(out var span));
        Assert.Equal("abc"u8.ToArray(), span.ToArray());
        Assert.Equal(4, whole.Consumed);

        var headerSplit = new MessagePackReader(Segments.Split(Convert.FromHexString("d903616263"), 1, 2));
        Assert.True(headerSplit.TryReadStringSpan(out span));
        Assert.Equal("abc"u8.ToArray(), span.ToArray());

        var bodySplit = new MessagePackReader(Segments.Split(data, 2));
        Assert.False(bodySplit.TryReadStringSpan(out span));
        Assert.True(span.IsEmpty);
        Assert.Equal(0, bodySplit.Consumed);
        Assert.Equal("abc"u8.ToArray(), bodySplit.ReadStringSequence()!.Value.ToArray());
        Assert.True(bodySplit.TryReadNil());

        var nil = new MessagePackReader(Convert.FromHexString("c0"));
        Assert.False(nil.TryReadStringSpan(out _));
        Assert.Equal(0, nil.Consumed);
    }

    [Fact]
    public void TryReadStringEquals_consumes_only_an_equal_string()
    {
        AssertReadsEverySplit("a6616374696f6e", (ref MessagePackReader r) => r.TryReadStringEquals("action"u8), true);
        AssertReadsEverySplit("d906616374696f6e", (ref MessagePackReader r) => r.TryReadStringEquals("action"u8), true);
        AssertReadsEverySplit("a0", (ref MessagePackReader r) => r.TryReadStringEquals(""u8), true);

        foreach (var (hex, utf8) in new[] { ("a6616374696f6e", "actioN"), ("a6616374696f6e", "actio"), ("a6616374696f6e", "actions"), ("07", "7"), ("c0", ""), ("", "") })
        {
            foreach (var sequence in Segments.EverySplit(Convert.FromHexString(hex)))
            {
                var reader = new MessagePackReader(sequence);
                Assert.False(reader.TryReadStringEquals(Encoding.UTF8.GetBytes(utf8)));
                Assert.Equal(0, reader.Consumed);
            }
        }
    }

    public static TheoryData<string, int> BinLengths => new()
    {
        { "c400", 0 },
        { "c4ff", 255 },
        { "c50100", 256 },
        { "c5ffff", 65535 },
        { "c600010000", 65536 },
        { "c50001", 1 },
    };

    [Theory]
    [MemberData(nameof(BinLengths))]
    public void ReadBytes_reads_every_bin_format(string header, int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        AssertReadsEverySplit(header + Convert.ToHexString(bytes), (ref MessagePackReader r) => Convert.ToHexString(r.ReadBytes()!.Value.ToArray()), Convert.ToHexString(bytes));
        AssertReadsEverySplit(header + Convert.ToHexString(bytes), (ref MessagePackReader r) => r.NextMessagePackType, MessagePackType.Binary, consumesAll: false);
    }

    [Fact]
    public void ReadBytes_reads_nil_as_null() =>
        AssertReadsEverySplit("c0", (ref MessagePackReader r) => r.ReadBytes().HasValue, false);

    [Theory]
    [InlineData("90", 0)]
    [InlineData("9f", 15)]
    [InlineData("dc0010", 16)]
    [InlineData("dcffff", 65535)]
    [InlineData("dd00010000", 65536)]
    [InlineData("dc0000", 0)]
    public void ReadArrayHeader_reads_every_array_format(string header, int count)
    {
        var hex = header + string.Concat(Enumerable.Repeat("c0", count));
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadArrayHeader(), count, consumesAll: false);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.NextMessagePackType, MessagePackType.Array, consumesAll: false);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) =>
        {
            r.Skip();
            return r.End;
        }, true);
    }

    [Theory]
    [InlineData("80", 0)]
    [InlineData("8f", 15)]
    [InlineData("de0010", 16)]
    [InlineData("deffff", 65535)]
    [InlineData("df00010000", 65536)]
    public void ReadMapHeader_reads_every_map_format(string header, int count)
    {
        var hex = header + string.Concat(Enumerable.Repeat("01c0", count));
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadMapHeader(), count, consumesAll: false);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.NextMessagePackType, MessagePackType.Map, consumesAll: false);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) =>
        {
            r.Skip();
            return r.End;
        }, true);
    }

    [Theory]
    [InlineData("d401", 1, 1U)]
    [InlineData("d5ff", -1, 2U)]
    [InlineData("d680", -128, 4U)]
    [InlineData("d77f", 127, 8U)]
    [InlineData("d801", 1, 16U)]
    [InlineData("c70001", 1, 0U)]
    [InlineData("c70305", 5, 3U)]
    [InlineData("c7ff01", 1, 255U)]
    [InlineData("c8010001", 1, 256U)]
    [InlineData("c8ffff01", 1, 65535U)]
    [InlineData("c90001000001", 1, 65536U)]
    public void ReadExtensionFormatHeader_reads_every_ext_format(string header, int typeCode, uint length)
    {
        var payload = Enumerable.Range(0, (int)length).Select(i => (byte)i).ToArray();
        var hex = header + Convert.ToHexString(payload);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) => r.ReadExtensionFormatHeader(), new ExtensionHeader((sbyte)typeCode, length), consumesAll: false);
        AssertReadsEverySplit(hex, (ref MessagePackReader r) =>
        {
            var read = r.ReadExtensionFormatHeader();
            return Convert.ToHexString(r.ReadRaw(read.Length).ToArray());
        }, Convert.ToHexString(payload));
        AssertReadsEverySplit(hex, (ref MessagePackReader r) =>
        {
            r.Skip();
            return r.End;
        }, true);
    }

    [Fact]
    public void NextMessagePackType_classifies_every_first_byte_as_the_spec_does()
    {
        for (var code = 0; code <= 0xff; code++)
        {
            var expected = code switch
            {
                <= 0x7f or >= 0xe0 or (>= 0xcc and <= 0xd3) => MessagePackType.Integer,
                <= 0x8f or 0xde or 0xdf => MessagePackType.Map,
                <= 0x9f or 0xdc or 0xdd => MessagePackType.Array,
                <= 0xbf or 0xd9 or 0xda or 0xdb => MessagePackType.String,
                0xc0 => MessagePackType.Nil,
                0xc1 => MessagePackType.Unknown,
                0xc2 or 0xc3 => MessagePackType.Boolean,
                0xc4 or 0xc5 or 0xc6 => MessagePackType.Binary,
                0xc7 or 0xc8 or 0xc9 or (>= 0xd4 and <= 0xd8) => MessagePackType.Extension,
                0xca or 0xcb => MessagePackType.Float,
            };
            var reader = new MessagePackReader(new byte[] { (byte)code });
            Assert.Equal(expected, reader.NextMessagePackType);
            Assert.Equal((byte)code, reader.NextCode);
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Theory]
    [InlineData("", "Int64", "Unexpected end of data at offset 0 reading an integer (0 bytes left).")]
    [InlineData("cd01", "Int64", "Unexpected end of data at offset 0 reading a uint16 (1 byte left).")]
    [InlineData("d3ffff", "Int64", "Unexpected end of data at offset 0 reading an int64 (2 bytes left).")]
    [InlineData("cb3ff0", "Double", "Unexpected end of data at offset 0 reading a float64 (2 bytes left).")]
    [InlineData("a36162", "String", "Unexpected end of data at offset 0 reading a fixstr of 3 bytes (2 bytes left).")]
    [InlineData("db000003e861", "String", "Unexpected end of data at offset 0 reading a str32 of 1000 bytes (1 byte left).")]
    [InlineData("d9", "String", "Unexpected end of data at offset 0 reading a str8 (0 bytes left).")]
    [InlineData("db000003e861", "StringSequence", "Unexpected end of data at offset 0 reading a str32 of 1000 bytes (1 byte left).")]
    [InlineData("db000003e861", "StringSpan", "Unexpected end of data at offset 0 reading a str32 of 1000 bytes (1 byte left).")]
    [InlineData("c4050102", "Bytes", "Unexpected end of data at offset 0 reading a bin8 of 5 bytes (2 bytes left).")]
    [InlineData("c6ffffffff00", "Bytes", "Unexpected end of data at offset 0 reading a bin32 of 4294967295 bytes (1 byte left).")]
    [InlineData("ddffffffff", "Array", "Unexpected end of data at offset 0 reading an array32 of 4294967295 items (0 bytes left).")]
    [InlineData("92c0", "Array", "Unexpected end of data at offset 0 reading a fixarray of 2 items (1 byte left).")]
    [InlineData("df0000000aa161", "Map", "Unexpected end of data at offset 0 reading a map32 of 10 entries (2 bytes left).")]
    [InlineData("d401", "Ext", "Unexpected end of data at offset 0 reading a fixext1 of 1 bytes (0 bytes left).")]
    [InlineData("c7050100", "Ext", "Unexpected end of data at offset 0 reading an ext8 of 5 bytes (1 byte left).")]
    [InlineData("c90000", "Ext", "Unexpected end of data at offset 0 reading an ext32 (2 bytes left).")]
    [InlineData("c7", "Ext", "Unexpected end of data at offset 0 reading an ext8 (0 bytes left).")]
    [InlineData("0102", "Raw5", "Unexpected end of data at offset 0 reading 5 raw bytes (2 bytes left).")]
    [InlineData("9201", "Skip", "Unexpected end of data at offset 0 reading a fixarray of 2 items (1 byte left).")]
    [InlineData("92cd0101", "Skip", "Unexpected end of data at offset 4 reading a value (0 bytes left).")]
    [InlineData("93c0c0db000003e861", "Skip", "Unexpected end of data at offset 3 reading a str32 of 1000 bytes (1 byte left).")]
    [InlineData("82a161cb3ff0", "Skip", "Unexpected end of data at offset 3 reading a float64 (2 bytes left).")]
    [InlineData("91d8010102", "Skip", "Unexpected end of data at offset 1 reading a fixext16 of 16 bytes (2 bytes left).")]
    [InlineData("", "NextCode", "Unexpected end of data at offset 0 reading a value (0 bytes left).")]
    public void Truncated_data_is_reported_with_the_offset_of_the_value(string hex, string read, string message)
    {
        var ex = AssertThrowsEverySplit(hex, (ref MessagePackReader r) => ReadBy(read, ref r));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("a161", "Int64", "Expected an integer but found a fixstr (0xa1) at offset 0.")]
    [InlineData("ca3fc00000", "Int64", "Expected an integer but found a float32 (0xca) at offset 0.")]
    [InlineData("01", "String", "Expected a string but found a positive fixint (0x01) at offset 0.")]
    [InlineData("c403010203", "String", "Expected a string but found a bin8 (0xc4) at offset 0.")]
    [InlineData("01", "StringSpan", "Expected a string but found a positive fixint (0x01) at offset 0.")]
    [InlineData("c0", "Bool", "Expected a bool but found a nil (0xc0) at offset 0.")]
    [InlineData("c2", "Nil", "Expected nil but found a false (0xc2) at offset 0.")]
    [InlineData("80", "Array", "Expected an array but found a fixmap (0x80) at offset 0.")]
    [InlineData("90", "Map", "Expected a map but found a fixarray (0x90) at offset 0.")]
    [InlineData("a0", "Bytes", "Expected bin but found a fixstr (0xa0) at offset 0.")]
    [InlineData("a0", "Double", "Expected a float but found a fixstr (0xa0) at offset 0.")]
    [InlineData("c3", "Single", "Expected a float but found a true (0xc3) at offset 0.")]
    [InlineData("c400", "Ext", "Expected an ext but found a bin8 (0xc4) at offset 0.")]
    [InlineData("930102a161", "ThirdInt64", "Expected an integer but found a fixstr (0xa1) at offset 3.")]
    public void A_value_of_another_type_is_reported_with_both_types_and_the_offset(string hex, string read, string message)
    {
        var ex = AssertThrowsEverySplit(hex, (ref MessagePackReader r) => ReadBy(read, ref r));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("Int64")]
    [InlineData("UInt64")]
    [InlineData("Double")]
    [InlineData("Single")]
    [InlineData("Bool")]
    [InlineData("Nil")]
    [InlineData("String")]
    [InlineData("Bytes")]
    [InlineData("Array")]
    [InlineData("Map")]
    [InlineData("Ext")]
    [InlineData("Skip")]
    public void The_never_used_code_0xc1_is_malformed_data(string read)
    {
        var ex = AssertThrowsEverySplit("c1", (ref MessagePackReader r) => ReadBy(read, ref r));
        Assert.Equal("Malformed data at offset 0: 0xc1 is never used in MessagePack.", ex.Message);

        ex = AssertThrowsEverySplit("9301c0c1", (ref MessagePackReader r) => r.Skip());
        Assert.Equal("Malformed data at offset 3: 0xc1 is never used in MessagePack.", ex.Message);
    }

    [Fact]
    public void Skip_skips_one_whole_value_and_stops_before_the_next()
    {
        // [1, {"a": [bin, ext, 1.5]}, "x"] then 7
        var hex = "93" + "01" + "81a161" + "93" + "c4020102" + "d40105" + "cb3ff8000000000000" + "a178" + "07";
        AssertReadsEverySplit(hex, (ref MessagePackReader r) =>
        {
            r.Skip();
            return r.ReadInt64();
        }, 7);
    }

    [Fact]
    public void Skip_allows_MaxDepth_nested_containers_and_rejects_one_more()
    {
        Assert.Equal(100, MessagePackReader.MaxDepth);
        var deepest = string.Concat(Enumerable.Repeat("91", 100)) + "c0";
        AssertReadsEverySplit(deepest, (ref MessagePackReader r) =>
        {
            r.Skip();
            return r.End;
        }, true);

        foreach (var tooDeep in new[]
        {
            string.Concat(Enumerable.Repeat("91", 101)) + "c0",
            string.Concat(Enumerable.Repeat("91", 100)) + "90",
            string.Concat(Enumerable.Repeat("8101", 100)) + "80",
        })
        {
            var ex = AssertThrowsEverySplit(tooDeep, (ref MessagePackReader r) => r.Skip());
            Assert.StartsWith("Nesting deeper than 100 arrays and maps at offset ", ex.Message);
        }

        var mixed = string.Concat(Enumerable.Repeat("8101", 100)) + "91c0";
        Assert.Equal(
            "Nesting deeper than 100 arrays and maps at offset 200.",
            AssertThrowsEverySplit(mixed, (ref MessagePackReader r) => r.Skip()).Message);
    }

    [Fact]
    public void Skip_goes_deep_and_wide_without_recursion()
    {
        var wide = "dc2710" + string.Concat(Enumerable.Repeat("91c0", 10000));
        var reader = new MessagePackReader(Convert.FromHexString(wide));
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void Counts_larger_than_the_data_fail_before_anything_is_allocated()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = AssertThrowsEverySplit("ddfffffff0c0", (ref MessagePackReader r) => r.ReadArrayHeader());
        Assert.Contains("array32 of 4294967280 items", ex.Message, StringComparison.Ordinal);
        ex = AssertThrowsEverySplit("df00000002c0c0c0", (ref MessagePackReader r) => r.ReadMapHeader());
        Assert.Contains("map32 of 2 entries (3 bytes left)", ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Reading_ints_floats_and_headers_allocates_nothing()
    {
        var data = Convert.FromHexString("dc0006" + "cd0100" + "d3ffffffff7fffffff" + "ca3fc00000" + "cb3ff8000000000000" + "de0001a16101" + "c70301616263");
        var sequence = Segments.Split(data, 4, 9, 20);
        bool ReadAll()
        {
            var reader = new MessagePackReader(sequence);
            reader.ReadArrayHeader();
            reader.ReadInt32();
            reader.ReadInt64();
            reader.ReadSingle();
            reader.ReadDouble();
            reader.ReadMapHeader();
            reader.TryReadStringEquals("a"u8);
            reader.ReadUInt64();
            reader.ReadRaw(reader.ReadExtensionFormatHeader().Length);
            return reader.End;
        }

        Assert.True(ReadAll()); // first calls may allocate (type initialisation, tiering), not the reads
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ReadAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Consumed_Position_and_peek_readers()
    {
        var sequence = Segments.Split(Convert.FromHexString("93cd0100a161c3"), 2, 5);
        var reader = new MessagePackReader(sequence);
        Assert.Equal(7, reader.Remaining);
        Assert.Equal(3, reader.ReadArrayHeader());

        var peek = reader.CreatePeekReader();
        Assert.Equal(256, peek.ReadInt64());
        Assert.Equal("a", peek.ReadString());
        Assert.Equal(1, reader.Consumed);

        Assert.Equal(256, reader.ReadInt32());
        Assert.Equal(4, reader.Consumed);
        Assert.Equal(sequence.GetPosition(4), reader.Position);
        Assert.Equal("a161", Convert.ToHexString(reader.ReadRaw(2).ToArray()).ToLowerInvariant());
        Assert.True(reader.ReadBoolean());
        Assert.True(reader.End);
        Assert.Equal(sequence, reader.Sequence);
    }

    [Fact]
    public void ReadRaw_of_nothing_and_of_a_negative_length()
    {
        var reader = new MessagePackReader(ReadOnlyMemory<byte>.Empty);
        Assert.True(reader.ReadRaw(0).IsEmpty);
        var threw = false;
        try
        {
            reader.ReadRaw(-1);
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    private static object? ReadBy(string read, ref MessagePackReader r)
    {
        switch (read)
        {
            case "Int64": return r.ReadInt64();
            case "UInt64": return r.ReadUInt64();
            case "Double": return r.ReadDouble();
            case "Single": return r.ReadSingle();
            case "Bool": return r.ReadBoolean();
            case "Nil": r.ReadNil(); return null;
            case "String": return r.ReadString();
            case "StringSequence": return r.ReadStringSequence();
            case "StringSpan": return r.TryReadStringSpan(out _);
            case "Bytes": return r.ReadBytes();
            case "Array": return r.ReadArrayHeader();
            case "Map": return r.ReadMapHeader();
            case "Ext": return r.ReadExtensionFormatHeader();
            case "Raw5": return r.ReadRaw(5);
            case "Skip": r.Skip(); return null;
            case "NextCode": return r.NextCode;
            case "ThirdInt64":
                r.ReadArrayHeader();
                r.ReadInt64();
                r.ReadInt64();
                return r.ReadInt64();
            default: throw new ArgumentException(read, nameof(read));
        }
    }

    private static void AssertReadsEverySplit<T>(string hex, Read<T> read, T expected, bool consumesAll = true)
    {
        var data = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        foreach (var sequence in Segments.EverySplit(data))
        {
            var reader = new MessagePackReader(sequence);
            Assert.Equal(expected, read(ref reader));
            if (consumesAll)
            {
                Assert.True(reader.End, $"{reader.Remaining} bytes left unread in {hex}");
            }
        }
    }

    private delegate void ReadAction(ref MessagePackReader reader);

    /// <summary>Asserts every split throws the same message; returns the exception from the unsplit data.</summary>
    private static MessagePackSerializationException AssertThrowsEverySplit(string hex, ReadAction read)
    {
        MessagePackSerializationException? first = null;
        foreach (var sequence in Segments.EverySplit(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))))
        {
            var reader = new MessagePackReader(sequence);
            try
            {
                read(ref reader);
            }
            catch (MessagePackSerializationException ex)
            {
                first ??= ex;
                Assert.Equal(first.Message, ex.Message);
                continue;
            }

            Assert.Fail($"Reading {hex} did not throw.");
        }

        return first!;
    }
}
