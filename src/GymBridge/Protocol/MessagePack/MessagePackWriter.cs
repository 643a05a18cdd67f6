using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GymBridge.Protocol.MessagePack;

/// <summary>
/// Writes MessagePack values to an <see cref="IBufferWriter{T}"/>, always in the smallest format (as Python's
/// msgpack does). Shaped like MessagePack-CSharp's writer of the same name: bytes are written into a span
/// taken from the output and handed over by <see cref="Flush"/>, which the caller must call when done.
/// </summary>
public ref struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>A writer into <paramref name="output"/>; call <c>Flush</c> when done.</summary>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Advances the output past everything written so far.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _buffered = 0;
            _span = default;
        }
    }

    /// <summary>Writes nil.</summary>
    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    /// <summary>Writes a bool.</summary>
    public void Write(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its shortest format.</summary>
    public void Write(int value) => Write((long)value);

    /// <summary>Writes an unsigned integer in its shortest format.</summary>
    public void Write(uint value) => Write((ulong)value);

    /// <summary>Writes a positive fixint or uint8/16/32/64 for a value that is not negative, else a negative fixint or int8/16/32/64.</summary>
    public void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
        }
        else if (value >= MessagePackCode.MinNegativeFixIntValue)
        {
            WriteCode(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            var span = GetSpan(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = GetSpan(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = GetSpan(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            Advance(5);
        }
        else
        {
            var span = GetSpan(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            Advance(9);
        }
    }

    /// <summary>Writes an unsigned integer in its shortest format.</summary>
    public void Write(ulong value)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            WriteCode((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = GetSpan(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(MessagePackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteCodeAndUInt32(MessagePackCode.UInt32, (uint)value);
        }
        else
        {
            var span = GetSpan(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            Advance(9);
        }
    }

    /// <summary>Writes a float32.</summary>
    public void Write(float value)
    {
        var span = GetSpan(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        Advance(5);
    }

    /// <summary>Writes a float64.</summary>
    public void Write(double value)
    {
        var span = GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        Advance(9);
    }

    /// <summary>Writes a str in UTF-8, or nil for <see langword="null"/>.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        Advance(Encoding.UTF8.GetBytes(value, GetSpan(byteCount)));
    }

    /// <summary>Writes a str whose UTF-8 bytes are <paramref name="utf8"/>.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a bin.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        WriteBinHeader(bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>Writes the header of a str of <paramref name="byteCount"/> UTF-8 bytes; the bytes follow.</summary>
    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount <= MessagePackCode.MaxFixStrLength)
        {
            WriteCode((byte)(MessagePackCode.MinFixStr | byteCount));
        }
        else if (byteCount <= byte.MaxValue)
        {
            var span = GetSpan(2);
            span[0] = MessagePackCode.Str8;
            span[1] = (byte)byteCount;
            Advance(2);
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Str16, MessagePackCode.Str32, byteCount);
        }
    }

    /// <summary>Writes the header of a bin of <paramref name="length"/> bytes; the bytes follow.</summary>
    public void WriteBinHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length <= byte.MaxValue)
        {
            var span = GetSpan(2);
            span[0] = MessagePackCode.Bin8;
            span[1] = (byte)length;
            Advance(2);
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Bin16, MessagePackCode.Bin32, length);
        }
    }

    /// <summary>Writes the header of an array of <paramref name="count"/> values; the values follow.</summary>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= MessagePackCode.MaxFixCount)
        {
            WriteCode((byte)(MessagePackCode.MinFixArray | count));
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Array16, MessagePackCode.Array32, count);
        }
    }

    /// <summary>Writes the header of a map of <paramref name="count"/> entries; keys and values follow, alternating.</summary>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count <= MessagePackCode.MaxFixCount)
        {
            WriteCode((byte)(MessagePackCode.MinFixMap | count));
        }
        else
        {
            WriteLengthHeader(MessagePackCode.Map16, MessagePackCode.Map32, count);
        }
    }

    /// <summary>Writes an ext header (a fixext when the length is 1, 2, 4, 8 or 16); the payload follows with <see cref="WriteRaw"/>.</summary>
    public void WriteExtensionFormatHeader(ExtensionHeader header)
    {
        var fixCode = header.Length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => (byte)0,
        };

        if (fixCode != 0)
        {
            var span = GetSpan(2);
            span[0] = fixCode;
            span[1] = unchecked((byte)header.TypeCode);
            Advance(2);
        }
        else if (header.Length <= byte.MaxValue)
        {
            var span = GetSpan(3);
            span[0] = MessagePackCode.Ext8;
            span[1] = (byte)header.Length;
            span[2] = unchecked((byte)header.TypeCode);
            Advance(3);
        }
        else if (header.Length <= ushort.MaxValue)
        {
            var span = GetSpan(4);
            span[0] = MessagePackCode.Ext16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)header.Length);
            span[3] = unchecked((byte)header.TypeCode);
            Advance(4);
        }
        else
        {
            var span = GetSpan(6);
            span[0] = MessagePackCode.Ext32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], header.Length);
            span[5] = unchecked((byte)header.TypeCode);
            Advance(6);
        }
    }

    /// <summary>Writes bytes as they are: already-encoded MessagePack, or the payload after a header.</summary>
    public void WriteRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.Length <= _span.Length)
        {
            raw.CopyTo(_span);
            Advance(raw.Length);
            return;
        }

        // Larger than what is left of the current span: copy in pieces rather than ask the output for one huge span.
        while (!raw.IsEmpty)
        {
            var span = GetSpan(1);
            var count = Math.Min(span.Length, raw.Length);
            raw[..count].CopyTo(span);
            Advance(count);
            raw = raw[count..];
        }
    }

    private void WriteLengthHeader(byte code16, byte code32, int length)
    {
        if (length <= ushort.MaxValue)
        {
            WriteCodeAndUInt16(code16, (ushort)length);
        }
        else
        {
            WriteCodeAndUInt32(code32, (uint)length);
        }
    }

    private void WriteCode(byte code)
    {
        GetSpan(1)[0] = code;
        Advance(1);
    }

    private void WriteCodeAndUInt16(byte code, ushort value)
    {
        var span = GetSpan(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        Advance(3);
    }

    private void WriteCodeAndUInt32(byte code, uint value)
    {
        var span = GetSpan(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        Advance(5);
    }

    private Span<byte> GetSpan(int size)
    {
        if (_span.Length < size)
        {
            Flush();
            _span = _output.GetSpan(size);
            if (_span.Length < size)
            {
                throw new InvalidOperationException($"The output gave a span of {_span.Length} bytes when asked for {size}.");
            }
        }

        return _span;
    }

    private void Advance(int count)
    {
        _buffered += count;
        _span = _span[count..];
    }
}
