using System.Buffers;
using System.Globalization;
using System.Text;

namespace GymBridge.Protocol.MessagePack;

/// <summary>
/// Reads MessagePack values one at a time from a <see cref="ReadOnlySequence{T}"/>, which may span
/// several segments. Shaped like MessagePack-CSharp's reader of the same name.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="MessagePackSerializationException"/> naming the byte offset of the value
/// that could not be read. Lengths and counts are checked against the bytes left before anything is
/// allocated, counting at least one byte per array item and two per map entry.
/// </remarks>
public ref struct MessagePackReader
{
    /// <summary>How deeply arrays and maps may nest, in <see cref="Skip"/> and in readers built on this one.</summary>
    public const int MaxDepth = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly long _offsetBase;
    private SequenceReader<byte> _reader;

    /// <summary>A reader over <paramref name="sequence"/>, from its start.</summary>
    public MessagePackReader(ReadOnlySequence<byte> sequence)
        : this(sequence, 0)
    {
    }

    /// <summary>A reader over <paramref name="memory"/>, from its start.</summary>
    public MessagePackReader(ReadOnlyMemory<byte> memory)
        : this(new ReadOnlySequence<byte>(memory), 0)
    {
    }

    private MessagePackReader(ReadOnlySequence<byte> sequence, long offsetBase)
    {
        _reader = new SequenceReader<byte>(sequence);
        _offsetBase = offsetBase;
    }

    /// <summary>The whole sequence being read.</summary>
    public readonly ReadOnlySequence<byte> Sequence => _reader.Sequence;

    /// <summary>Where the next value starts.</summary>
    public readonly SequencePosition Position => _reader.Position;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => _reader.Consumed;

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _reader.Remaining;

    /// <summary>Whether everything has been read.</summary>
    public readonly bool End => _reader.End;

    /// <summary>Whether the next value is nil.</summary>
    public readonly bool IsNil => _reader.TryPeek(out var code) && code == MessagePackCode.Nil;

    /// <summary>The first byte of the next value, not consumed.</summary>
    public readonly byte NextCode => _reader.TryPeek(out var code) ? code : throw EndOfData(_reader.Consumed, "a value");

    /// <summary>The kind of the next value, not consumed.</summary>
    public readonly MessagePackType NextMessagePackType => MessagePackCode.ToMessagePackType(NextCode);

    /// <summary>A copy of this reader at the same position; reading from it does not move this one.</summary>
    public readonly MessagePackReader CreatePeekReader() => this;

    /// <summary>Reads a nil if the next value is one; returns whether it did.</summary>
    public bool TryReadNil()
    {
        if (IsNil)
        {
            _reader.Advance(1);
            return true;
        }

        return false;
    }

    /// <summary>Reads a nil; throws <see cref="MessagePackSerializationException"/> if the next value is not one.</summary>
    public void ReadNil()
    {
        var start = _reader.Consumed;
        var code = ReadCode("nil");
        if (code != MessagePackCode.Nil)
        {
            throw UnexpectedCode(start, code, "nil");
        }
    }

    /// <summary>Reads a bool.</summary>
    public bool ReadBoolean()
    {
        var start = _reader.Consumed;
        return ReadCode("a bool") switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            var code => throw UnexpectedCode(start, code, "a bool"),
        };
    }

    /// <summary>Reads any integer format.</summary>
    public long ReadInt64()
    {
        var start = _reader.Consumed;
        var bits = ReadInteger(start, ReadCode("an integer"), out var signed);
        return signed || bits <= long.MaxValue
            ? (long)bits
            : throw MessagePackSerializationException.Overflow(_offsetBase + start, bits.ToString(CultureInfo.InvariantCulture), "an Int64");
    }

    /// <summary>Reads an integer that must fit an <see cref="int"/>.</summary>
    public int ReadInt32()
    {
        var start = _reader.Consumed;
        var value = ReadInt64();
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw MessagePackSerializationException.Overflow(_offsetBase + start, value.ToString(CultureInfo.InvariantCulture), "an Int32");
    }

    /// <summary>Reads any integer format holding a non-negative value.</summary>
    public ulong ReadUInt64()
    {
        var start = _reader.Consumed;
        var bits = ReadInteger(start, ReadCode("an integer"), out var signed);
        return !signed || (long)bits >= 0
            ? bits
            : throw MessagePackSerializationException.Overflow(_offsetBase + start, ((long)bits).ToString(CultureInfo.InvariantCulture), "a UInt64");
    }

    /// <summary>Reads an integer that must fit a <see cref="uint"/>.</summary>
    public uint ReadUInt32()
    {
        var start = _reader.Consumed;
        var value = ReadUInt64();
        return value <= uint.MaxValue
            ? (uint)value
            : throw MessagePackSerializationException.Overflow(_offsetBase + start, value.ToString(CultureInfo.InvariantCulture), "a UInt32");
    }

    /// <summary>Reads a float32, or a float64 or an integer rounded to the nearest float32.</summary>
    public float ReadSingle()
    {
        var start = _reader.Consumed;
        var code = ReadCode("a float");
        return code switch
        {
            MessagePackCode.Float32 => BitConverter.Int32BitsToSingle(ReadBigEndianInt32(start, code)),
            MessagePackCode.Float64 => (float)BitConverter.Int64BitsToDouble(ReadBigEndianInt64(start, code)),
            _ => (float)ReadIntegerAsDouble(start, code, "a float"),
        };
    }

    /// <summary>Reads a float64, a float32 or an integer.</summary>
    public double ReadDouble()
    {
        var start = _reader.Consumed;
        var code = ReadCode("a float");
        return code switch
        {
            MessagePackCode.Float64 => BitConverter.Int64BitsToDouble(ReadBigEndianInt64(start, code)),
            MessagePackCode.Float32 => BitConverter.Int32BitsToSingle(ReadBigEndianInt32(start, code)),
            _ => ReadIntegerAsDouble(start, code, "a float"),
        };
    }

    /// <summary>Reads a str as a string (invalid UTF-8 is an error), or nil as <see langword="null"/>.</summary>
    public string? ReadString()
    {
        if (TryReadNil())
        {
            return null;
        }

        var start = _reader.Consumed;
        var length = ReadStringLength(start, ReadCode("a string"));
        try
        {
            var unread = _reader.UnreadSpan;
            var value = unread.Length >= length
                ? StrictUtf8.GetString(unread[..(int)length])
                : StrictUtf8.GetString(_reader.Sequence.Slice(_reader.Position, length));
            _reader.Advance(length);
            return value;
        }
        catch (DecoderFallbackException ex)
        {
            throw new MessagePackSerializationException($"Invalid UTF-8 in the string at offset {_offsetBase + start}.", ex);
        }
    }

    /// <summary>
    /// Reads a str's UTF-8 bytes when they lie in one segment. Returns <see langword="false"/> without
    /// moving when they do not (read them with <see cref="ReadStringSequence"/>) or the next value is nil.
    /// </summary>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> span)
    {
        if (IsNil)
        {
            span = default;
            return false;
        }

        var start = _reader.Consumed;
        var length = ReadStringLength(start, ReadCode("a string"));
        var unread = _reader.UnreadSpan;
        if (unread.Length >= length)
        {
            span = unread[..(int)length];
            _reader.Advance(length);
            return true;
        }

        _reader.Rewind(_reader.Consumed - start);
        span = default;
        return false;
    }

    /// <summary>Reads a str's UTF-8 bytes, or nil as <see langword="null"/>.</summary>
    public ReadOnlySequence<byte>? ReadStringSequence()
    {
        if (TryReadNil())
        {
            return null;
        }

        var start = _reader.Consumed;
        return ReadSlice(ReadStringLength(start, ReadCode("a string")));
    }

    /// <summary>
    /// Consumes the next value if it is a str whose UTF-8 bytes are <paramref name="utf8"/> (a map key, say);
    /// otherwise does not move. Allocates nothing.
    /// </summary>
    public bool TryReadStringEquals(ReadOnlySpan<byte> utf8)
    {
        if (!_reader.TryPeek(out var code) || MessagePackCode.ToMessagePackType(code) != MessagePackType.String)
        {
            return false;
        }

        var peek = _reader;
        var start = _reader.Consumed;
        _reader.Advance(1);
        if (ReadStringLength(start, code) == utf8.Length && _reader.IsNext(utf8, advancePast: true))
        {
            return true;
        }

        _reader = peek;
        return false;
    }

    /// <summary>Reads a bin's bytes, or nil as <see langword="null"/>. The bytes are a slice of the input, not a copy.</summary>
    public ReadOnlySequence<byte>? ReadBytes()
    {
        if (TryReadNil())
        {
            return null;
        }

        var start = _reader.Consumed;
        return ReadSlice(ReadBinLength(start, ReadCode("bin")));
    }

    /// <summary>Reads an array header: the number of items that follow.</summary>
    public int ReadArrayHeader()
    {
        var start = _reader.Consumed;
        return ReadArrayCount(start, ReadCode("an array"));
    }

    /// <summary>Reads a map header: the number of key/value pairs that follow.</summary>
    public int ReadMapHeader()
    {
        var start = _reader.Consumed;
        return ReadMapCount(start, ReadCode("a map"));
    }

    /// <summary>Reads an ext header; its <see cref="ExtensionHeader.Length"/> payload bytes follow.</summary>
    public ExtensionHeader ReadExtensionFormatHeader()
    {
        var start = _reader.Consumed;
        return ReadExtensionHeader(start, ReadCode("an ext"));
    }

    /// <summary>Reads the next <paramref name="length"/> bytes as they are (a slice of the input, not a copy).</summary>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > _reader.Remaining)
        {
            throw EndOfData(_reader.Consumed, $"{length} raw bytes");
        }

        return ReadSlice(length);
    }

    /// <summary>Skips one whole value, however deeply it nests (up to <see cref="MaxDepth"/>), without recursion.</summary>
    public void Skip()
    {
        // left[d] counts the values still to skip at nesting level d; level 0 holds the one value asked for.
        Span<long> left = stackalloc long[MaxDepth + 1];
        var depth = 0;
        left[0] = 1;
        while (true)
        {
            while (left[depth] == 0)
            {
                if (depth == 0)
                {
                    return;
                }

                depth--;
            }

            left[depth]--;
            var start = _reader.Consumed;
            var code = ReadCode("a value");
            long items;
            switch (MessagePackCode.ToMessagePackType(code))
            {
                case MessagePackType.Array:
                    items = ReadArrayCount(start, code);
                    break;
                case MessagePackType.Map:
                    items = 2L * ReadMapCount(start, code);
                    break;
                default:
                    SkipScalar(start, code);
                    continue;
            }

            if (depth == MaxDepth)
            {
                throw MessagePackSerializationException.TooDeep(_offsetBase + start, MaxDepth);
            }

            if (items > 0)
            {
                left[++depth] = items;
            }
        }
    }

    /// <summary>
    /// A reader over the next <paramref name="length"/> bytes (an ext payload, say) whose error messages
    /// count offsets from the start of this reader's data; this reader moves past those bytes.
    /// </summary>
    internal MessagePackReader ReadNestedReader(long length)
    {
        var offset = _offsetBase + _reader.Consumed;
        return new MessagePackReader(ReadRaw(length), offset);
    }

    internal readonly MessagePackSerializationException UnexpectedNextCode(string expected) =>
        UnexpectedCode(_reader.Consumed, NextCode, expected);

    internal readonly MessagePackSerializationException TooDeepHere() =>
        MessagePackSerializationException.TooDeep(_offsetBase + _reader.Consumed, MaxDepth);

    private void SkipScalar(long start, byte code)
    {
        long length = code switch
        {
            <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 0,
            MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True => 0,
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 1,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 2,
            MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 4,
            MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 8,
            MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32 => ReadBinLength(start, code),
            MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32
                or (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) => ReadExtensionHeader(start, code).Length,
            _ when MessagePackCode.ToMessagePackType(code) == MessagePackType.String => ReadStringLength(start, code),
            _ => throw UnexpectedCode(start, code, "a value"),
        };

        if (length > _reader.Remaining)
        {
            throw EndOfData(start, MessagePackCode.Describe(code));
        }

        _reader.Advance(length);
    }

    private byte ReadCode(string expected) =>
        _reader.TryRead(out var code) ? code : throw EndOfData(_reader.Consumed, expected);

    /// <summary>The integer's 64 bits; <paramref name="signed"/> tells whether they are a long (else a ulong).</summary>
    private ulong ReadInteger(long start, byte code, out bool signed)
    {
        signed = code is >= MessagePackCode.MinNegativeFixInt or (>= MessagePackCode.Int8 and <= MessagePackCode.Int64);
        return code switch
        {
            <= MessagePackCode.MaxFixInt => code,
            >= MessagePackCode.MinNegativeFixInt => (ulong)(sbyte)code,
            MessagePackCode.UInt8 => ReadUInt8(start, code),
            MessagePackCode.UInt16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.UInt32 => (uint)ReadBigEndianInt32(start, code),
            MessagePackCode.UInt64 => (ulong)ReadBigEndianInt64(start, code),
            MessagePackCode.Int8 => (ulong)(sbyte)ReadUInt8(start, code),
            MessagePackCode.Int16 => (ulong)ReadBigEndianInt16(start, code),
            MessagePackCode.Int32 => (ulong)ReadBigEndianInt32(start, code),
            MessagePackCode.Int64 => (ulong)ReadBigEndianInt64(start, code),
            _ => throw UnexpectedCode(start, code, "an integer"),
        };
    }

    private double ReadIntegerAsDouble(long start, byte code, string expected)
    {
        if (MessagePackCode.ToMessagePackType(code) != MessagePackType.Integer)
        {
            throw UnexpectedCode(start, code, expected);
        }

        var bits = ReadInteger(start, code, out var signed);
        return signed ? (long)bits : bits;
    }

    private long ReadStringLength(long start, byte code)
    {
        long length = code switch
        {
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => code & 0x1f,
            MessagePackCode.Str8 => ReadUInt8(start, code),
            MessagePackCode.Str16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.Str32 => (uint)ReadBigEndianInt32(start, code),
            _ => throw UnexpectedCode(start, code, "a string"),
        };
        return CheckPayload(start, code, length);
    }

    private long ReadBinLength(long start, byte code)
    {
        long length = code switch
        {
            MessagePackCode.Bin8 => ReadUInt8(start, code),
            MessagePackCode.Bin16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.Bin32 => (uint)ReadBigEndianInt32(start, code),
            _ => throw UnexpectedCode(start, code, "bin"),
        };
        return CheckPayload(start, code, length);
    }

    private int ReadArrayCount(long start, byte code)
    {
        long count = code switch
        {
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => code & 0x0f,
            MessagePackCode.Array16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.Array32 => (uint)ReadBigEndianInt32(start, code),
            _ => throw UnexpectedCode(start, code, "an array"),
        };
        return CheckCount(start, code, count, "items", bytesPerItem: 1);
    }

    private int ReadMapCount(long start, byte code)
    {
        long count = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => code & 0x0f,
            MessagePackCode.Map16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.Map32 => (uint)ReadBigEndianInt32(start, code),
            _ => throw UnexpectedCode(start, code, "a map"),
        };
        return CheckCount(start, code, count, "entries", bytesPerItem: 2);
    }

    private ExtensionHeader ReadExtensionHeader(long start, byte code)
    {
        uint length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            MessagePackCode.Ext8 => ReadUInt8(start, code),
            MessagePackCode.Ext16 => (ushort)ReadBigEndianInt16(start, code),
            MessagePackCode.Ext32 => (uint)ReadBigEndianInt32(start, code),
            _ => throw UnexpectedCode(start, code, "an ext"),
        };
        var typeCode = (sbyte)ReadUInt8(start, code);
        CheckPayload(start, code, length);
        return new ExtensionHeader(typeCode, length);
    }

    private readonly long CheckPayload(long start, byte code, long length) =>
        length <= _reader.Remaining
            ? length
            : throw EndOfData(start, $"{MessagePackCode.Describe(code)} of {length} bytes");

    private readonly int CheckCount(long start, byte code, long count, string what, int bytesPerItem) =>
        count * bytesPerItem <= _reader.Remaining && count <= int.MaxValue
            ? (int)count
            : throw EndOfData(start, $"{MessagePackCode.Describe(code)} of {count} {what}");

    private ReadOnlySequence<byte> ReadSlice(long length)
    {
        var slice = _reader.Sequence.Slice(_reader.Position, length);
        _reader.Advance(length);
        return slice;
    }

    private byte ReadUInt8(long start, byte code) =>
        _reader.TryRead(out var value) ? value : throw EndOfData(start, MessagePackCode.Describe(code));

    private short ReadBigEndianInt16(long start, byte code) =>
        _reader.TryReadBigEndian(out short value) ? value : throw EndOfData(start, MessagePackCode.Describe(code));

    private int ReadBigEndianInt32(long start, byte code) =>
        _reader.TryReadBigEndian(out int value) ? value : throw EndOfData(start, MessagePackCode.Describe(code));

    private long ReadBigEndianInt64(long start, byte code) =>
        _reader.TryReadBigEndian(out long value) ? value : throw EndOfData(start, MessagePackCode.Describe(code));

    private readonly MessagePackSerializationException EndOfData(long start, string reading) =>
        MessagePackSerializationException.EndOfData(_offsetBase + start, reading, _reader.Remaining);

    private readonly MessagePackSerializationException UnexpectedCode(long start, byte code, string expected) =>
        MessagePackSerializationException.UnexpectedCode(_offsetBase + start, code, expected);
}
