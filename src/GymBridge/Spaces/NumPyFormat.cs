using System.Globalization;
using System.Text;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// NumPy's <c>str()</c> of arrays and scalars with the default print options (numpy/core/arrayprint.py:
/// precision 8, floatmode "maxprec", line width 75, summarized above 1000 elements), so that space
/// descriptions print as gymnasium's <c>repr</c> does.
/// </summary>
internal static class NumPyFormat
{
    private const int Precision = 8;
    private const int LineWidth = 75;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const string Summary = "...";

    /// <summary><c>str(array[index])</c>: a NumPy scalar.</summary>
    public static string Scalar(NDArray array, int index)
    {
        if (array.DType == DType.Bool)
        {
            return array.GetDouble(index) != 0 ? "True" : "False";
        }

        if (!array.DType.IsFloatingPoint)
        {
            return ArrayElements.GetInteger(array, index).ToString(CultureInfo.InvariantCulture);
        }

        var value = array.GetDouble(index);
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        // numpy/core/src/multiarray/scalartypes.c: positional between 1e-4 and 1e16, else scientific.
        var digits = DecimalDigits.Shortest(value, array.DType);
        var magnitude = Math.Abs(value);
        if (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16))
        {
            var (integer, fraction) = digits.Positional();
            return integer + "." + (fraction.Length == 0 ? "0" : fraction);
        }

        var (first, rest, exponent) = digits.Scientific();
        return first + (rest.Length == 0 ? string.Empty : "." + rest) + Exponent(exponent, 2);
    }

    /// <summary><c>str(array)</c>.</summary>
    public static string Array(NDArray array)
    {
        if (array.Shape.Count == 0)
        {
            return Scalar(array, 0);
        }

        if (array.Length == 0)
        {
            return "[]";
        }

        var summarize = array.Length > Threshold;
        var shown = ShownIndices(array.Shape, summarize);
        Func<int, string> format = array.DType == DType.Bool ? i => array.GetDouble(i) != 0 ? " True" : "False"
            : array.DType.IsFloatingPoint ? FloatFormat(array, shown)
            : IntegerFormat(array, shown);
        return new ArrayLayout(array.Shape, format, summarize).Format();
    }

    private static string NonFinite(double value) => double.IsNaN(value) ? "nan" : value < 0 ? "-inf" : "inf";

    private static string Exponent(int exponent, int minDigits) =>
        "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(minDigits, '0');

    /// <summary>The flat indices that are printed: all, or the leading and trailing edges of every long axis.</summary>
    private static List<int> ShownIndices(IReadOnlyList<int> shape, bool summarize)
    {
        IEnumerable<int> indices = [0];
        foreach (var length in shape)
        {
            var kept = summarize && length > 2 * EdgeItems
                ? Enumerable.Range(0, EdgeItems).Concat(Enumerable.Range(length - EdgeItems, EdgeItems))
                : Enumerable.Range(0, length);
            var keptList = kept.ToList();
            indices = indices.SelectMany(outer => keptList.Select(inner => (outer * length) + inner)).ToList();
        }

        return indices.ToList();
    }

    private static Func<int, string> IntegerFormat(NDArray array, List<int> shown)
    {
        var values = shown.Select(i => ArrayElements.GetInteger(array, i)).ToList();
        var width = Math.Max(values.Max().ToString(CultureInfo.InvariantCulture).Length, values.Min().ToString(CultureInfo.InvariantCulture).Length);
        return i => ArrayElements.GetInteger(array, i).ToString(CultureInfo.InvariantCulture).PadLeft(width);
    }

    /// <summary>NumPy's FloatingFormat: one layout (positional or scientific, padding) for all elements.</summary>
    private static Func<int, string> FloatFormat(NDArray array, List<int> shown)
    {
        var values = shown.Select(array.GetDouble).ToList();
        var finite = values.Where(double.IsFinite).ToList();
        var nonZero = finite.Where(v => v != 0).Select(Math.Abs).ToList();
        var scientific = nonZero.Count > 0 && (nonZero.Max() >= 1e8 || nonZero.Min() < 1e-4 || nonZero.Max() / nonZero.Min() > 1000);

        int padLeft = 0, padRight = 0, precision = 0, exponentDigits = 0;
        if (finite.Count > 0 && scientific)
        {
            var parts = finite.Select(v => FirstPassScientific(v, array.DType).Scientific()).ToList();
            exponentDigits = Math.Max(2, parts.Max(p => Math.Abs(p.Exponent).ToString(CultureInfo.InvariantCulture).Length));
            precision = parts.Max(p => p.Fraction.Length);
            padLeft = parts.Max(p => p.Integer.Length);
            padRight = exponentDigits + 2 + precision;
        }
        else if (finite.Count > 0)
        {
            var parts = finite.Select(v => Positional(v, array.DType)).ToList();
            padLeft = parts.Max(p => p.Integer.Length);
            padRight = parts.Max(p => p.Fraction.Length);
        }

        if (finite.Count < values.Count)
        {
            var infinityLength = values.Any(double.IsNegativeInfinity) ? 4 : 3;
            padLeft = Math.Max(padLeft, Math.Max(3, infinityLength) - (padRight + 1));
        }

        return index =>
        {
            var value = array.GetDouble(index);
            if (!double.IsFinite(value))
            {
                return NonFinite(value).PadLeft(padLeft + padRight + 1);
            }

            if (scientific)
            {
                var (first, rest, exponent) = DecimalDigits.Exact(value).RoundSignificant(precision + 1).Scientific();
                return first.PadLeft(padLeft) + "." + rest.PadRight(precision, '0') + Exponent(exponent, exponentDigits);
            }

            var (integer, fraction) = Positional(value, array.DType);
            return integer.PadLeft(padLeft) + "." + fraction.PadRight(padRight);
        };
    }

    /// <summary>Shortest digits, cut to <see cref="Precision"/> after the point ("maxprec").</summary>
    private static (string Integer, string Fraction) Positional(double value, DType dtype)
    {
        var digits = DecimalDigits.Shortest(value, dtype);
        if (digits.FractionLength > Precision)
        {
            digits = DecimalDigits.Exact(value).RoundFraction(Precision);
        }

        return digits.Positional();
    }

    private static DecimalDigits FirstPassScientific(double value, DType dtype)
    {
        var digits = DecimalDigits.Shortest(value, dtype);
        return digits.Digits.Length - 1 > Precision
            ? DecimalDigits.Exact(value).RoundSignificant(Precision + 1)
            : digits;
    }

    /// <summary>numpy's _formatArray: nested brackets, rows wrapped at the line width, "..." for summarized axes.</summary>
    private sealed class ArrayLayout(IReadOnlyList<int> shape, Func<int, string> format, bool summarize)
    {
        public string Format() => Recurse(0, 0, " ", LineWidth);

        private string Recurse(int axis, int offset, string hangingIndent, int width)
        {
            if (axis == shape.Count)
            {
                return format(offset);
            }

            var nextIndent = hangingIndent + " ";
            var length = shape[axis];
            var showSummary = summarize && length > 2 * EdgeItems;
            var items = showSummary
                ? Enumerable.Range(0, EdgeItems).Cast<int?>().Append(null).Concat(Enumerable.Range(length - EdgeItems, EdgeItems).Cast<int?>())
                : Enumerable.Range(0, length).Cast<int?>();
            var words = items.Select(i => i is { } index ? Recurse(axis + 1, (offset * length) + index, nextIndent, width - 1) : Summary).ToList();

            var text = new StringBuilder();
            if (shape.Count - axis == 1)
            {
                var line = hangingIndent;
                for (var i = 0; i < words.Count; i++)
                {
                    line = ExtendLine(text, line, words[i], width - 1, hangingIndent);
                    if (i < words.Count - 1)
                    {
                        line += " ";
                    }
                }

                text.Append(line);
            }
            else
            {
                var separator = new string('\n', shape.Count - axis - 1);
                text.AppendJoin(separator, words.Select(word => hangingIndent + word));
            }

            return "[" + text.ToString()[hangingIndent.Length..] + "]";
        }

        private static string ExtendLine(StringBuilder text, string line, string word, int width, string nextLinePrefix)
        {
            if (line.Length + word.Length > width && line.Length > nextLinePrefix.Length)
            {
                text.Append(line.TrimEnd()).Append('\n');
                line = nextLinePrefix;
            }

            return line + word;
        }
    }
}
