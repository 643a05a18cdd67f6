namespace GymBridge.Values;

/// <summary>
/// An ordered map, as Python's dict: keys keep their order and type (info dicts and Dict spaces
/// have string keys, toy-text transitions have int keys).
/// </summary>
public sealed class GymMap : GymValue
{
    private readonly KeyValuePair<GymValue, GymValue>[] _entries;

    /// <summary>A map of <paramref name="entries"/>, in their order.</summary>
    public GymMap(KeyValuePair<GymValue, GymValue>[] entries) => _entries = entries;

    /// <summary>The empty map.</summary>
    public static GymMap Empty { get; } = new([]);

    /// <inheritdoc />
    public override GymValueKind Kind => GymValueKind.Map;

    /// <summary>How many entries the map holds.</summary>
    public int Count => _entries.Length;

    /// <summary>The entries, in order.</summary>
    public IReadOnlyList<KeyValuePair<GymValue, GymValue>> Entries => _entries;

    /// <summary>The keys as strings, in order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key.ToString() ?? string.Empty);

    /// <summary>The value under the string <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> if there is none.</summary>
    public new GymValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No key '{key}' in {this}.");

    /// <summary>A map of string keys and values, in order.</summary>
    public static GymMap Of(params (string Key, GymValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<GymValue, GymValue>(e.Key, e.Value)).ToArray());

    /// <summary>Whether the map has the string <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>The value under the string <paramref name="key"/>, if there is one.</summary>
    public bool TryGetValue(string key, out GymValue value)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key.Kind == GymValueKind.String && entry.Key.AsString() == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = None;
        return false;
    }

    /// <summary>Looks up an int key (toy-text <c>P</c> is keyed by state and action numbers).</summary>
    public GymValue this[long key]
    {
        get
        {
            foreach (var entry in _entries)
            {
                if (entry.Key.Kind == GymValueKind.Int && entry.Key.AsInt64() == key)
                {
                    return entry.Value;
                }
            }

            throw new KeyNotFoundException($"No key {key} in the map.");
        }
    }

    /// <inheritdoc />
    public override GymMap AsMap() => this;

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";

    private protected override bool EqualsSameKind(GymValue other)
    {
        var map = other.AsMap();
        if (map.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _entries.Length; i++)
        {
            if (!DeepEquals(_entries[i].Key, map.Entries[i].Key) || !DeepEquals(_entries[i].Value, map.Entries[i].Value))
            {
                return false;
            }
        }

        return true;
    }
}
