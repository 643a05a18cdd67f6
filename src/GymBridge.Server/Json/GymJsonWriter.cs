using System.Buffers.Binary;
using System.Text.Json;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// Writes a <see cref="GymValue"/> as JSON: ndarrays as nested arrays following their shape (0-d as the bare
/// element), lists as arrays, maps as objects (keys as text), bytes as base64, floats as <see cref="JsonNumbers"/> writes them.
/// </summary>
internal static class GymJsonWriter
{
    public static void Write(Utf8JsonWriter writer, GymValue value)
    {
        switch (value.Kind)
        {
            case GymValueKind.None:
                writer.WriteNullValue();
                break;
            case GymValueKind.Bool:
                writer.WriteBooleanValue(value.AsBoolean());
                break;
            case GymValueKind.Int:
                WriteInt(writer, value);
                break;
            case GymValueKind.Float:
                JsonNumbers.Write(writer, value.AsDouble());
                break;
            case GymValueKind.String:
                writer.WriteStringValue(value.AsString());
                break;
            case GymValueKind.Bytes:
                writer.WriteBase64StringValue(value.AsBytes().Span);
                break;
            case GymValueKind.Array:
                WriteArray(writer, value.AsArray());
                break;
            case GymValueKind.List:
                writer.WriteStartArray();
                foreach (var item in value.AsList())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case GymValueKind.Map:
                writer.WriteStartObject();
                foreach (var (key, item) in value.AsMap().Entries)
                {
                    writer.WritePropertyName(key.Kind == GymValueKind.String ? key.AsString() : key.ToString() ?? string.Empty);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    public static void WriteArray(Utf8JsonWriter writer, NDArray array)
    {
        var index = 0;
        WriteDimension(writer, array, 0, ref index);
    }

    private static void WriteInt(Utf8JsonWriter writer, GymValue value)
    {
        try
        {
            writer.WriteNumberValue(value.AsInt64());
        }
        catch (OverflowException)
        {
            // A uint64 above long.MaxValue: its decimal digits are a valid JSON number.
            writer.WriteRawValue(value.ToString() ?? "0", skipInputValidation: true);
        }
    }

    private static void WriteDimension(Utf8JsonWriter writer, NDArray array, int dimension, ref int index)
    {
        if (dimension == array.Shape.Count)
        {
            WriteElement(writer, array, index++);
            return;
        }

        writer.WriteStartArray();
        var count = array.Shape[dimension];
        if (dimension == array.Shape.Count - 1)
        {
            for (var i = 0; i < count; i++)
            {
                WriteElement(writer, array, index++);
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                WriteDimension(writer, array, dimension + 1, ref index);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, NDArray array, int index)
    {
        var data = array.Data.Span;
        var dtype = array.DType;
        var offset = index * dtype.ItemSize;
        if (dtype == DType.Float32)
        {
            JsonNumbers.Write(writer, BinaryPrimitives.ReadSingleLittleEndian(data[offset..]));
        }
        else if (dtype == DType.Float64)
        {
            JsonNumbers.Write(writer, BinaryPrimitives.ReadDoubleLittleEndian(data[offset..]));
        }
        else if (dtype == DType.Float16)
        {
            JsonNumbers.Write(writer, (float)BinaryPrimitives.ReadHalfLittleEndian(data[offset..]));
        }
        else if (dtype == DType.Bool)
        {
            writer.WriteBooleanValue(data[offset] != 0);
        }
        else if (dtype == DType.Int64)
        {
            writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(data[offset..]));
        }
        else if (dtype == DType.UInt64)
        {
            writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]));
        }
        else
        {
            // Every other integer dtype fits a double exactly.
            writer.WriteNumberValue((long)array.GetDouble(index));
        }
    }
}
