using System.Globalization;
using System.Text.Json;
using GymBridge.Values;

namespace GymBridge.Tests.Protocol;

/// <summary>
/// Reads the typed JSON notation of protocol/test-vectors.json ({"int": "-33"}, {"float32": "3fc00000"},
/// {"map": [[key, value], ...]}, {"ndarray": {...}}...) as <see cref="GymValue"/>s.
/// </summary>
internal static class TypedJson
{
    public static GymValue Parse(JsonElement typed)
    {
        var property = typed.EnumerateObject().Single();
        var x = property.Value;
        return property.Name switch
        {
            "nil" => GymValue.None,
            "bool" => x.GetBoolean(),
            "int" => ParseInt(x.GetString()!),
            "float32" => BitConverter.UInt32BitsToSingle(uint.Parse(x.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            "float64" => BitConverter.UInt64BitsToDouble(ulong.Parse(x.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            "str" => x.GetString()!,
            "bin" => GymValue.FromBytes(Convert.FromHexString(x.GetString()!)),
            "array" => GymValue.List(x.EnumerateArray().Select(Parse).ToArray()),
            "map" => new GymMap(x.EnumerateArray().Select(e => new KeyValuePair<GymValue, GymValue>(Parse(e[0]), Parse(e[1]))).ToArray()),
            "ndarray" => new NDArray(
                DType.Parse(x.GetProperty("dtype").GetString()!),
                x.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
                Convert.FromHexString(x.GetProperty("data").GetString()!)),
            var other => throw new FormatException($"Unknown notation '{other}'."),
        };
    }

    private static GymValue ParseInt(string text) =>
        text.StartsWith('-')
            ? long.Parse(text, CultureInfo.InvariantCulture)
            : UInt64Value.Create(ulong.Parse(text, CultureInfo.InvariantCulture));
}
