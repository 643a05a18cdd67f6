using System.Buffers;
using GymBridge.Protocol.MessagePack;
using GymBridge.Values;

namespace GymBridge.Protocol;

/// <summary>
/// Maps <see cref="GymValue"/>s to MessagePack and back, as docs/protocol.md ("Values") describes:
/// plain types as themselves (a float32 stays a float32), ndarrays as ext type 1 holding
/// <c>[dtype.str, shape, data]</c>.
/// </summary>
public static class GymValueSerializer
{
    /// <summary>The MessagePack extension type code of an ndarray (<c>[dtype.str, shape, data]</c>).</summary>
    public const sbyte NDArrayExtensionTypeCode = 1;

    /// <summary>Encodes <paramref name="value"/> as one MessagePack value and flushes it to <paramref name="output"/>.</summary>
    public static void Serialize(IBufferWriter<byte> output, GymValue value)
    {
        var writer = new MessagePackWriter(output);
        Write(ref writer, value);
        writer.Flush();
    }

    /// <summary>Decodes a payload that must hold exactly one MessagePack value (a frame's, say).</summary>
    public static GymValue Deserialize(in ReadOnlySequence<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var value = Read(ref reader);
        return reader.End
            ? value
            : throw new MessagePackSerializationException($"Unexpected data at offset {reader.Consumed} after the value, in a payload of {payload.Length} bytes.");
    }

    /// <summary>Writes <paramref name="value"/> as one MessagePack value.</summary>
    public static void Write(ref MessagePackWriter writer, GymValue value) => Write(ref writer, value, depth: 0);

    /// <summary>Reads one MessagePack value as a <see cref="GymValue"/>.</summary>
    public static GymValue Read(ref MessagePackReader reader) => Read(ref reader, depth: 0);

    private static void Write(ref MessagePackWriter writer, GymValue value, int depth)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case GymValueKind.None:
                writer.WriteNil();
                break;
            case GymValueKind.Bool:
                writer.Write(value.AsBoolean());
                break;
            case GymValueKind.Int when value is UInt64Value big:
                writer.Write(big.Value);
                break;
            case GymValueKind.Int:
                writer.Write(value.AsInt64());
                break;
            case GymValueKind.Float when value is FloatValue { IsSingle: true }:
                writer.Write((float)value.AsDouble());
                break;
            case GymValueKind.Float:
                writer.Write(value.AsDouble());
                break;
            case GymValueKind.String:
                writer.Write(value.AsString());
                break;
            case GymValueKind.Bytes:
                writer.Write(value.AsBytes().Span);
                break;
            case GymValueKind.Array:
                WriteNDArray(ref writer, value.AsArray());
                break;
            case GymValueKind.List:
                CheckWriteDepth(depth);
                var items = value.AsList();
                writer.WriteArrayHeader(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    Write(ref writer, items[i], depth + 1);
                }

                break;
            case GymValueKind.Map:
                CheckWriteDepth(depth);
                var entries = value.AsMap().Entries;
                writer.WriteMapHeader(entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    Write(ref writer, entries[i].Key, depth + 1);
                    Write(ref writer, entries[i].Value, depth + 1);
                }

                break;
            default:
                throw new NotSupportedException($"A {value.Kind} value cannot be encoded.");
        }
    }

    private static GymValue Read(ref MessagePackReader reader, int depth)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return GymValue.None;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64
                    ? UInt64Value.Create(reader.ReadUInt64())
                    : GymValue.FromInt64(reader.ReadInt64());
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32
                    ? GymValue.FromSingle(reader.ReadSingle())
                    : GymValue.FromDouble(reader.ReadDouble());
            case MessagePackType.String:
                return reader.ReadString()!;
            case MessagePackType.Binary:
                return GymValue.FromBytes(reader.ReadBytes()!.Value.ToArray());
            case MessagePackType.Array:
                return ReadList(ref reader, depth);
            case MessagePackType.Map:
                return ReadMap(ref reader, depth);
            case MessagePackType.Extension:
                return ReadExtension(ref reader);
            default:
                throw reader.UnexpectedNextCode("a value");
        }
    }

    private static GymValue ReadList(ref MessagePackReader reader, int depth)
    {
        if (depth >= MessagePackReader.MaxDepth)
        {
            throw reader.TooDeepHere();
        }

        var items = new GymValue[reader.ReadArrayHeader()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Read(ref reader, depth + 1);
        }

        return GymValue.List(items);
    }

    private static GymMap ReadMap(ref MessagePackReader reader, int depth)
    {
        if (depth >= MessagePackReader.MaxDepth)
        {
            throw reader.TooDeepHere();
        }

        var count = reader.ReadMapHeader();
        if (count == 0)
        {
            return GymMap.Empty;
        }

        var entries = new KeyValuePair<GymValue, GymValue>[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = Read(ref reader, depth + 1);
            entries[i] = new(key, Read(ref reader, depth + 1));
        }

        return new GymMap(entries);
    }

    private static NDArray ReadExtension(ref MessagePackReader reader)
    {
        var start = reader.Consumed;
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != NDArrayExtensionTypeCode)
        {
            throw new MessagePackSerializationException(
                $"Unsupported ext type {header.TypeCode} at offset {start} (the protocol knows only ext type 1, ndarray).");
        }

        var payload = reader.ReadNestedReader(header.Length);
        try
        {
            return ReadNDArrayPayload(ref payload);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new MessagePackSerializationException($"Malformed ndarray (ext type 1) at offset {start}: {ex.Message}", ex);
        }
    }

    private static NDArray ReadNDArrayPayload(ref MessagePackReader payload)
    {
        var parts = payload.ReadArrayHeader();
        if (parts != 3)
        {
            throw new MessagePackSerializationException($"its payload is an array of {parts} items, not [dtype, shape, data].");
        }

        var code = payload.ReadString() ?? throw new MessagePackSerializationException("its dtype is nil.");
        DType dtype;
        try
        {
            dtype = DType.Parse(code);
        }
        catch (NotSupportedException ex)
        {
            throw new MessagePackSerializationException($"its dtype '{code}' is not supported.", ex);
        }

        var shape = new int[payload.ReadArrayHeader()];
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = payload.ReadInt64();
            shape[i] = dim is >= 0 and <= int.MaxValue
                ? (int)dim
                : throw new MessagePackSerializationException($"its shape has the dimension {dim}.");
        }

        var data = payload.ReadBytes() ?? throw new MessagePackSerializationException("its data is nil, not bin.");
        var needed = ByteLength(dtype, shape);
        if (needed != data.Length)
        {
            throw new MessagePackSerializationException(
                $"dtype {code} with shape ({string.Join(", ", shape)}) needs {needed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more than 2^63"} bytes but its data has {data.Length}.");
        }

        if (!payload.End)
        {
            throw new MessagePackSerializationException("its payload has bytes after [dtype, shape, data].");
        }

        return new NDArray(dtype, shape, data.ToArray());
    }

    /// <summary>itemsize × the product of <paramref name="shape"/>, or <see langword="null"/> when that overflows a long.</summary>
    private static long? ByteLength(DType dtype, int[] shape)
    {
        if (Array.IndexOf(shape, 0) >= 0)
        {
            return 0;
        }

        long length = dtype.ItemSize;
        foreach (var dim in shape)
        {
            if (length > long.MaxValue / dim)
            {
                return null;
            }

            length *= dim;
        }

        return length;
    }

    private static void WriteNDArray(ref MessagePackWriter writer, NDArray array)
    {
        // The ext header comes first and holds the payload's length, so that length is computed, not buffered.
        var code = array.DType.Code;
        var shape = array.Shape;
        var data = array.Data.Span;
        long length = 1 + StringHeaderLength(code.Length) + code.Length + ArrayHeaderLength(shape.Count) + BinHeaderLength(data.Length) + data.Length;
        for (var i = 0; i < shape.Count; i++)
        {
            length += UIntLength((uint)shape[i]);
        }

        writer.WriteExtensionFormatHeader(new ExtensionHeader(NDArrayExtensionTypeCode, checked((uint)length)));
        writer.WriteArrayHeader(3);
        writer.Write(code);
        writer.WriteArrayHeader(shape.Count);
        for (var i = 0; i < shape.Count; i++)
        {
            writer.Write(shape[i]);
        }

        writer.Write(data);
    }

    private static void CheckWriteDepth(int depth)
    {
        if (depth >= MessagePackReader.MaxDepth)
        {
            throw new MessagePackSerializationException($"The value nests deeper than {MessagePackReader.MaxDepth} lists and maps.");
        }
    }

    // Encoded sizes, in bytes, of what MessagePackWriter writes for the ndarray payload (dtype codes are ASCII).
    private static int UIntLength(uint value) => value switch
    {
        <= MessagePackCode.MaxFixInt => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int StringHeaderLength(int byteCount) => byteCount switch
    {
        <= MessagePackCode.MaxFixStrLength => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int ArrayHeaderLength(int count) => count switch
    {
        <= MessagePackCode.MaxFixCount => 1,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int BinHeaderLength(int length) => length switch
    {
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };
}
