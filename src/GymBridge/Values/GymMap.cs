namespace GymBridge.Values;

/// <summary>
/// An ordered map, as Python's dict: keys keep their order and type (info dicts and Dict spaces
/// have string keys, toy-text transitions have int keys).
/// </summary>
public sealed class GymMap : GymValue
{
    private readonly KeyValuePair<GymValue, GymValue>[] _entries;

    public GymMap(KeyValuePair<GymValue, GymValue>[] entries) => _entries = entries;

    public static GymMap Empty { get; } = new([]);

    public override GymValueKind Kind => GymValueKind.Map;

    public int Count => _entries.Length;

    public IReadOnlyList<KeyValuePair<GymValue, GymValue>> Entries => _entries;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key.ToString() ?? string.Empty);

    public new GymValue this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No key '{key}' in {this}.");

    public static GymMap Of(params (string Key, GymValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<GymValue, GymValue>(e.Key, e.Value)).ToArray());

    public bool ContainsKey(string key) => TryGetValue(key, out _);

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

    public override GymMap AsMap() => this;

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
