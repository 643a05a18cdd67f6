using System.Globalization;
using System.Text.Json;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Tests.Spaces;

/// <summary>
/// The JSON form the cross-check script uses for values: an ndarray is <c>{"__ndarray__": {dtype, shape, data}}</c>
/// with the flat data as numbers (non-finite floats as "inf", "-inf", "nan"); maps, lists and scalars are plain JSON.
/// </summary>
internal static class JsonGymValues
{
    public static GymValue Read(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object when json.TryGetProperty("__ndarray__", out var array) => ReadArray(array),
        JsonValueKind.Object => new GymMap([.. json.EnumerateObject().Select(p => KeyValuePair.Create<GymValue, GymValue>(p.Name, Read(p.Value)))]),
        JsonValueKind.Array => GymValue.List([.. json.EnumerateArray().Select(Read)]),
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Number when IsInteger(json) => json.GetInt64(),
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => GymValue.None,
    };

    public static void Write(Utf8JsonWriter writer, GymValue value)
    {
        switch (value)
        {
            case NDArray array:
                WriteArray(writer, array);
                break;
            case GymMap map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries)
                {
                    writer.WritePropertyName(entry.Key.AsString());
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            default:
                switch (value.Kind)
                {
                    case GymValueKind.List:
                        writer.WriteStartArray();
                        foreach (var item in value.AsList())
                        {
                            Write(writer, item);
                        }

                        writer.WriteEndArray();
                        break;
                    case GymValueKind.Int:
                        writer.WriteNumberValue(value.AsInt64());
                        break;
                    case GymValueKind.Float:
                        writer.WriteNumberValue(value.AsDouble());
                        break;
                    case GymValueKind.Bool:
                        writer.WriteBooleanValue(value.AsBoolean());
                        break;
                    case GymValueKind.String:
                        writer.WriteStringValue(value.AsString());
                        break;
                    default:
                        writer.WriteNullValue();
                        break;
                }

                break;
        }
    }

    private static bool IsInteger(JsonElement number) => number.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0;

    private static NDArray ReadArray(JsonElement json)
    {
        var dtype = DType.Parse(json.GetProperty("dtype").GetString()!);
        var shape = json.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var data = json.GetProperty("data").EnumerateArray().ToList();
        if (dtype.IsFloatingPoint)
        {
            var floats = data.Select(x => x.ValueKind == JsonValueKind.String ? ParseNonFinite(x.GetString()!) : x.GetDouble()).ToArray();
            return ArrayElements.FromDoubles(dtype, shape, floats);
        }

        var integers = data.Select(x => x.ValueKind switch
        {
            JsonValueKind.True => Int128.One,
            JsonValueKind.False => Int128.Zero,
            _ => Int128.Parse(x.GetRawText(), CultureInfo.InvariantCulture),
        }).ToArray();
        return ArrayElements.FromIntegers(dtype, shape, integers);
    }

    private static double ParseNonFinite(string text) => text switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => throw new FormatException($"Not a float: {text}"),
    };

    private static void WriteArray(Utf8JsonWriter writer, NDArray array)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("__ndarray__");
        writer.WriteString("dtype", array.DType.Code);
        writer.WriteStartArray("shape");
        foreach (var dim in array.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("data");
        for (var i = 0; i < array.Length; i++)
        {
            if (!array.DType.IsFloatingPoint)
            {
                writer.WriteRawValue(ArrayElements.GetInteger(array, i).ToString(CultureInfo.InvariantCulture));
            }
            else if (double.IsFinite(array.GetDouble(i)))
            {
                writer.WriteNumberValue(array.GetDouble(i));
            }
            else
            {
                writer.WriteStringValue(double.IsNaN(array.GetDouble(i)) ? "nan" : array.GetDouble(i) > 0 ? "inf" : "-inf");
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
