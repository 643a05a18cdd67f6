using System.Buffers;
using System.Text.Json;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// Reads JSON into a <see cref="GymValue"/>: integers (no fraction or exponent, within int64) as ints, other
/// numbers as float64, arrays as lists, objects as maps with string keys. Malformed JSON is a <see cref="JsonException"/>.
/// </summary>
internal static class GymJsonReader
{
    private const int MaxDepth = 64;

    public static GymValue Read(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            throw new JsonException("The body is empty.");
        }

        var value = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException($"Unexpected data after the JSON value at byte {reader.TokenStartIndex}.");
        }

        return value;
    }

    public static GymValue Read(string json) => Read(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(json)));

    private static GymValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return GymValue.None;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.StartArray:
                var items = new List<GymValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return GymValue.List([.. items]);
            case JsonTokenType.StartObject:
                var entries = new List<KeyValuePair<GymValue, GymValue>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    entries.Add(new(key, ReadValue(ref reader)));
                }

                return new GymMap([.. entries]);
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static GymValue ReadNumber(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && reader.TryGetInt64(out var integer))
        {
            return integer;
        }

        return reader.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new JsonException($"The number at byte {reader.TokenStartIndex} is out of float64's range.");
    }
}
