using System.Globalization;
using System.Text;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// gymnasium's <c>Text(max_length, min_length=, charset=)</c>: strings of min to max characters from the charset.
/// Lengths count characters as Python does (Unicode code points, not UTF-16 units).
/// </summary>
public sealed class TextSpace : Space
{
    /// <summary>gymnasium's default charset: latin letters and digits.</summary>
    public const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly Rune[] _characters;
    private readonly HashSet<Rune> _allowed;

    /// <summary>gymnasium's <c>Text(max_length, min_length, charset)</c>.</summary>
    public TextSpace(int maxLength, int minLength = 1, string charset = Alphanumeric)
    {
        ArgumentNullException.ThrowIfNull(charset);
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        MinLength = minLength;
        MaxLength = maxLength;
        _characters = [.. charset.EnumerateRunes().OrderBy(rune => rune.Value)];
        _allowed = [.. _characters];
        Charset = string.Concat(_characters.Select(rune => rune.ToString()));
    }

    /// <summary>The shortest string of the space.</summary>
    public int MinLength { get; }

    /// <summary>The longest string of the space.</summary>
    public int MaxLength { get; }

    /// <summary>The allowed characters, sorted (gymnasium's <c>Text.characters</c>).</summary>
    public string Charset { get; }

    /// <inheritdoc />
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind != GymValueKind.String)
        {
            return false;
        }

        var runes = value.AsString().EnumerateRunes().ToList();
        return runes.Count >= MinLength && runes.Count <= MaxLength && runes.All(_allowed.Contains);
    }

    /// <exception cref="InvalidOperationException">The charset is empty and the length drawn is not 0.</exception>
    public override GymValue Sample()
    {
        var length = Random.Next(MinLength, MaxLength + 1);
        if (length > 0 && _characters.Length == 0)
        {
            throw new InvalidOperationException($"{this} has no characters to sample from.");
        }

        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            text.Append(_characters[Random.Next(_characters.Length)].ToString());
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override GymValue ToDescription() =>
        GymMap.Of(("type", "Text"), ("min_length", MinLength), ("max_length", MaxLength), ("charset", Charset));

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Text({MinLength}, {MaxLength}, charset={Charset})");
}
