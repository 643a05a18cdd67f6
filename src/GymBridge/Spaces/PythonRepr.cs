using System.Globalization;
using System.Text;

namespace GymBridge.Spaces;

/// <summary>Python's <c>repr()</c> of the plain values that appear in a space's repr.</summary>
internal static class PythonRepr
{
    /// <summary>A tuple of ints: <c>()</c>, <c>(4,)</c>, <c>(2, 3)</c>.</summary>
    public static string Shape(IReadOnlyList<int> shape) => shape.Count == 1
        ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
        : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>A str: single quotes unless the text has a single quote and no double quote, escapes as Python.</summary>
    public static string String(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '\r':
                    text.Append(@"\r");
                    break;
                case '\t':
                    text.Append(@"\t");
                    break;
                case var c when c == quote:
                    text.Append('\\').Append(quote);
                    break;
                case var c when !IsPrintable(rune):
                    text.Append(c < 0x100 ? $"\\x{c:x2}" : c < 0x10000 ? $"\\u{c:x4}" : $"\\U{c:x8}");
                    break;
                default:
                    text.Append(rune.ToString());
                    break;
            }
        }

        return text.Append(quote).ToString();
    }

    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.SpaceSeparator);
}
