using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace GymBridge.Server.Json;

/// <summary>
/// Writes floats as JSON numbers: the shortest text that parses back to the same value of the value's own
/// width (float32 0.1f prints as <c>0.1</c>, not 0.10000000149011612), always with a decimal point or exponent
/// so Python reads a float. Non-finite values have no JSON form; they are encoded as documented in
/// docs/rest.md: ±inf as ±1.7976931348623157e308 (the largest float64, which becomes inf again as float32
/// and in most clients' "is it infinite?" checks compares as the extreme), NaN as null.
/// </summary>
internal static class JsonNumbers
{
    public const double InfinityStandIn = double.MaxValue;

    /// <summary>Writes a float32, float64 (or float16 widened by the caller) at its own width's shortest round-trip text.</summary>
    public static void Write<T>(Utf8JsonWriter writer, T value)
        where T : IBinaryFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value))
        {
            WriteNonFinite(writer, double.CreateTruncating(value));
            return;
        }

        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        length = EnsureFloatSyntax(text, length);
        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private static void WriteNonFinite(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(double.IsPositiveInfinity(value) ? "1.7976931348623157e308"u8 : "-1.7976931348623157e308"u8, skipInputValidation: true);
        }
    }

    /// <summary>Appends ".0" to integral values ("1" becomes "1.0") and lower-cases the exponent ("1E+20" becomes "1e+20").</summary>
    private static int EnsureFloatSyntax(Span<byte> text, int length)
    {
        var isFloat = false;
        for (var i = 0; i < length; i++)
        {
            if (text[i] == (byte)'E')
            {
                text[i] = (byte)'e';
                isFloat = true;
            }
            else if (text[i] == (byte)'.')
            {
                isFloat = true;
            }
        }

        if (isFloat)
        {
            return length;
        }

        text[length] = (byte)'.';
        text[length + 1] = (byte)'0';
        return length + 2;
    }
}
