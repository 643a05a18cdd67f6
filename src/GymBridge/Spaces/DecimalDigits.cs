using System.Globalization;
using System.Numerics;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// A finite float as decimal digits, <c>±0.Digits × 10^Point</c>, for printing floats the way NumPy does
/// (<see cref="NumPyFormat"/>). <see cref="Digits"/> has no leading or trailing zeros and is empty for zero.
/// </summary>
internal readonly record struct DecimalDigits(bool Negative, string Digits, int Point)
{
    /// <summary>The shortest digits that read back as the same value of <paramref name="dtype"/> (NumPy's "unique").</summary>
    public static DecimalDigits Shortest(double value, DType dtype)
    {
        var text = dtype == DType.Float32 ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : dtype == DType.Float16 ? ((Half)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = (exponentAt < 0 ? text : text[..exponentAt]).TrimStart('-');
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        return Normalized(double.IsNegative(value), mantissa.Replace(".", string.Empty, StringComparison.Ordinal), integerDigits + exponent);
    }

    /// <summary>Every digit of the binary value (a double has at most a few hundred).</summary>
    public static DecimalDigits Exact(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biasedExponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        var mantissa = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        var exponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        if (exponent >= 0)
        {
            var integer = new BigInteger(mantissa) << exponent;
            var digits = integer.ToString(CultureInfo.InvariantCulture);
            return Normalized(double.IsNegative(value), digits, digits.Length);
        }

        // m × 2^-k = m × 5^k / 10^k
        var scaled = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
        return Normalized(double.IsNegative(value), scaled, scaled.Length + exponent);
    }

    public int FractionLength => Math.Max(0, Digits.Length - Point);

    /// <summary>Rounds to <paramref name="count"/> digits after the decimal point, ties to even (as NumPy's Dragon4).</summary>
    public DecimalDigits RoundFraction(int count) => RoundAt(Point + count);

    /// <summary>Rounds to <paramref name="count"/> significant digits, ties to even.</summary>
    public DecimalDigits RoundSignificant(int count) => Digits.Length == 0 ? this : RoundAt(count);

    /// <summary>Integer and fraction parts of the positional form, the sign on the integer part ("-0", "25").</summary>
    public (string Integer, string Fraction) Positional()
    {
        var sign = Negative ? "-" : string.Empty;
        if (Point <= 0)
        {
            return (sign + "0", new string('0', -Point) + Digits);
        }

        return Digits.Length <= Point
            ? (sign + Digits.PadRight(Point, '0'), string.Empty)
            : (sign + Digits[..Point], Digits[Point..]);
    }

    /// <summary>The first digit with its sign, the other digits, and the power of ten (<c>-4.8e+00</c>).</summary>
    public (string Integer, string Fraction, int Exponent) Scientific()
    {
        var sign = Negative ? "-" : string.Empty;
        return Digits.Length == 0 ? (sign + "0", string.Empty, 0) : (sign + Digits[..1], Digits[1..], Point - 1);
    }

    private DecimalDigits RoundAt(int kept)
    {
        if (kept >= Digits.Length)
        {
            return this;
        }

        if (kept < 0)
        {
            return this with { Digits = string.Empty, Point = 0 };
        }

        var first = Digits[kept];
        var restIsZero = Digits.AsSpan(kept + 1).TrimEnd('0').IsEmpty;
        var lastKeptIsOdd = kept > 0 && (Digits[kept - 1] - '0') % 2 == 1;
        var up = first > '5' || (first == '5' && (!restIsZero || lastKeptIsOdd));
        var digits = Digits[..kept].ToCharArray();
        if (!up)
        {
            return Normalized(Negative, new string(digits), Point);
        }

        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (digits[i] != '9')
            {
                digits[i]++;
                return Normalized(Negative, new string(digits), Point);
            }

            digits[i] = '0';
        }

        return Normalized(Negative, "1" + new string(digits), Point + 1);
    }

    private static DecimalDigits Normalized(bool negative, string digits, int point)
    {
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return new DecimalDigits(negative, digits, digits.Length == 0 ? 0 : point - leadingZeros);
    }
}
