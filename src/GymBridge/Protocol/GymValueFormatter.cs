using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using GymBridge.Values;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace GymBridge.Protocol;

/// <summary>
/// MessagePack-CSharp's formatter for <see cref="GymValue"/>s, as docs/protocol.md ("Values") describes them:
/// plain types as themselves (a float32 stays a float32, integers in their shortest form, as Python's msgpack
/// writes them), ndarrays as ext type 1 holding <c>[dtype.str, shape, data]</c>. Nesting is bounded by the
/// options' <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>; strings must be valid UTF-8.
/// </summary>
internal sealed class GymValueFormatter : IMessagePackFormatter<GymValue>
{
    /// <summary>The MessagePack extension type code of an ndarray (<c>[dtype.str, shape, data]</c>).</summary>
    public const sbyte NDArrayExtensionTypeCode = 1;

    /// <summary>How deeply lists and maps may nest, from the worker and from clients alike.</summary>
    public const int MaxDepth = 100;

    public static readonly GymValueFormatter Instance = new();

    /// <summary>GymValues through this formatter, everything else as MessagePack-CSharp's standard resolver has it.</summary>
    public static readonly IFormatterResolver Resolver = CompositeResolver.Create([Instance], [StandardResolver.Instance]);

    /// <summary>The worker protocol: a trusted peer, but its values still nest at most <see cref="MaxDepth"/> deep.</summary>
    public static readonly MessagePackSerializerOptions WorkerOptions = MessagePackSerializerOptions.Standard
        .WithResolver(Resolver)
        .WithSecurity(MessagePackSecurity.TrustedData.WithMaximumObjectGraphDepth(MaxDepth));

    /// <summary>What clients send: MessagePack-CSharp's <see cref="MessagePackSecurity.UntrustedData"/>, at most <see cref="MaxDepth"/> deep.</summary>
    public static readonly MessagePackSerializerOptions UntrustedOptions = MessagePackSerializerOptions.Standard
        .WithResolver(Resolver)
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(MaxDepth));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static int[] s_lastShape = [];

    private GymValueFormatter()
    {
    }

    /// <summary>Writes one value of the worker protocol.</summary>
    public static void Write(ref MessagePackWriter writer, GymValue value) => Instance.Serialize(ref writer, value, WorkerOptions);

    /// <summary>Reads one value of the worker protocol.</summary>
    public static GymValue Read(ref MessagePackReader reader) => Instance.Deserialize(ref reader, WorkerOptions);

    public void Serialize(ref MessagePackWriter writer, GymValue value, MessagePackSerializerOptions options) =>
        Serialize(ref writer, value, options.Security.MaximumObjectGraphDepth);

    private static void Serialize(ref MessagePackWriter writer, GymValue value, int depthLeft)
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
                CheckWriteDepth(depthLeft);
                var items = value.AsList();
                writer.WriteArrayHeader(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    Serialize(ref writer, items[i], depthLeft - 1);
                }

                break;
            case GymValueKind.Map:
                CheckWriteDepth(depthLeft);
                var entries = value.AsMap().Entries;
                writer.WriteMapHeader(entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    Serialize(ref writer, entries[i].Key, depthLeft - 1);
                    Serialize(ref writer, entries[i].Value, depthLeft - 1);
                }

                break;
            default:
                throw new NotSupportedException($"A {value.Kind} value cannot be encoded.");
        }
    }

    public GymValue Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
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
                return ReadString(ref reader);
            case MessagePackType.Binary:
                return GymValue.FromBytes(ReadBin(ref reader).ToArray());
            case MessagePackType.Array:
                return ReadList(ref reader, options);
            case MessagePackType.Map:
                return ReadMap(ref reader, options);
            case MessagePackType.Extension:
                return ReadExtension(ref reader);
            default:
                throw new MessagePackSerializationException(
                    $"Malformed data at offset {reader.Consumed}: 0x{reader.NextCode:x2} starts no MessagePack value.");
        }
    }

    /// <summary>A str as a string; invalid UTF-8 is an error (MessagePack-CSharp's own ReadString would replace it).</summary>
    public static string ReadString(ref MessagePackReader reader)
    {
        var start = reader.Consumed;
        if (reader.TryReadStringSpan(out var span))
        {
            return Decode(span, start);
        }

        var sequence = reader.ReadStringSequence()
            ?? throw new MessagePackSerializationException($"Expected a string but found nil at offset {start}.");
        try
        {
            return StrictUtf8.GetString(sequence);
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidUtf8(start, ex);
        }
    }

    private static string Decode(ReadOnlySpan<byte> utf8, long start)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw InvalidUtf8(start, ex);
        }
    }

    private static MessagePackSerializationException InvalidUtf8(long start, DecoderFallbackException inner) =>
        new($"Invalid UTF-8 in the string at offset {start}.", inner);

    /// <summary>A map key: a short str through <see cref="MapKeyCache"/> (the same keys come every step), anything else as any value.</summary>
    private GymValue ReadKey(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            return Deserialize(ref reader, options);
        }

        var start = reader.Consumed;
        if (!reader.TryReadStringSpan(out var utf8))
        {
            return ReadString(ref reader);
        }

        if (MapKeyCache.TryGet(utf8, out var cached))
        {
            return cached;
        }

        GymValue key = Decode(utf8, start);
        MapKeyCache.Add(utf8, key);
        return key;
    }

    /// <summary>A bin's bytes, a slice of the input (MessagePack-CSharp's ReadBytes also takes a str, and reads a bin32 over 2 GiB as a negative length).</summary>
    private static ReadOnlySequence<byte> ReadBin(ref MessagePackReader reader)
    {
        var start = reader.Consumed;
        try
        {
            return reader.ReadBytes()!.Value;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new EndOfStreamException($"The bin at offset {start} claims more bytes than follow ({ex.ParamName} out of range).");
        }
    }

    private GymValue ReadList(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        var items = new GymValue[reader.ReadArrayHeader()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Deserialize(ref reader, options);
        }

        reader.Depth--;
        return GymValue.List(items);
    }

    private GymMap ReadMap(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        var count = reader.ReadMapHeader();
        var entries = count == 0 ? [] : new KeyValuePair<GymValue, GymValue>[count];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = ReadKey(ref reader, options);
            entries[i] = new(key, Deserialize(ref reader, options));
        }

        reader.Depth--;
        return count == 0 ? GymMap.Empty : new GymMap(entries);
    }

    private static NDArray ReadExtension(ref MessagePackReader reader)
    {
        var start = reader.Consumed;
        var header = reader.ReadExtensionFormatHeader(); // an EndOfStreamException when fewer bytes follow than it claims
        if (header.TypeCode != NDArrayExtensionTypeCode)
        {
            throw new MessagePackSerializationException(
                $"Unsupported ext type {header.TypeCode} at offset {start} (the protocol knows only ext type 1, ndarray).");
        }

        // The payload gets a reader of its own, so nothing in it reads past its end; a payload in one piece (every
        // reply the library reads) gets one over memory, MessagePack-CSharp's cheaper mode.
        var bytes = reader.ReadRaw(header.Length);
        var payload = bytes.IsSingleSegment ? new MessagePackReader(bytes.First) : reader.Clone(bytes);
        try
        {
            return ReadNDArrayPayload(ref payload);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
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

        var dtype = ReadDType(ref payload);
        var shape = ReadShape(ref payload);

        if (payload.NextMessagePackType != MessagePackType.Binary)
        {
            throw new MessagePackSerializationException($"its data is {payload.NextMessagePackType.ToString().ToLowerInvariant()}, not bin.");
        }

        var data = ReadBin(ref payload);
        var needed = ByteLength(dtype, shape);
        if (needed != data.Length)
        {
            throw new MessagePackSerializationException(
                $"dtype {dtype.Code} with shape ({string.Join(", ", shape)}) needs {needed?.ToString(CultureInfo.InvariantCulture) ?? "more than 2^63"} bytes but its data has {data.Length}.");
        }

        if (!payload.End)
        {
            throw new MessagePackSerializationException("its payload has bytes after [dtype, shape, data].");
        }

        return new NDArray(dtype, shape, data.ToArray());
    }

    /// <summary>
    /// The shape, as the same array as the last ndarray's when it is equal (an env's observations keep their shape from step
    /// to step): shapes are never written to once made, as the lane's replies share theirs too.
    /// </summary>
    private static int[] ReadShape(ref MessagePackReader payload)
    {
        var rank = payload.ReadArrayHeader();
        Span<int> dims = rank <= 8 ? stackalloc int[8] : new int[rank];
        dims = dims[..rank];
        for (var i = 0; i < rank; i++)
        {
            var dim = payload.ReadInt64();
            dims[i] = dim is >= 0 and <= int.MaxValue
                ? (int)dim
                : throw new MessagePackSerializationException($"its shape has the dimension {dim}.");
        }

        var last = s_lastShape;
        if (dims.SequenceEqual(last))
        {
            return last;
        }

        var shape = dims.ToArray();
        s_lastShape = shape;
        return shape;
    }

    /// <summary>The dtype code as a known dtype straight from its UTF-8 bytes; anything else as a string for <see cref="DType.Parse"/> to judge.</summary>
    private static DType ReadDType(ref MessagePackReader payload)
    {
        var start = payload.Consumed;
        string code;
        if (payload.TryReadStringSpan(out var utf8))
        {
            if (DType.FromWireCode(utf8) is { } known)
            {
                return known;
            }

            code = Decode(utf8, start);
        }
        else
        {
            code = ReadString(ref payload);
        }

        try
        {
            return DType.Parse(code);
        }
        catch (NotSupportedException ex)
        {
            throw new MessagePackSerializationException($"its dtype '{code}' is not supported.", ex);
        }
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

    private static void CheckWriteDepth(int depthLeft)
    {
        if (depthLeft <= 0)
        {
            throw new MessagePackSerializationException("The value nests lists and maps deeper than the options allow.");
        }
    }

    // Encoded sizes, in bytes, of what MessagePackWriter writes for the ndarray payload (dtype codes are ASCII).
    private static int UIntLength(uint value) => value switch
    {
        <= 0x7f => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int StringHeaderLength(int byteCount) => byteCount switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static int ArrayHeaderLength(int count) => count switch
    {
        <= 15 => 1,
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
