using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>gymnasium's <c>Dict(spaces)</c>: maps with exactly the space's string keys, each value in its subspace.</summary>
public sealed class DictSpace : Space
{
    private readonly KeyValuePair<string, Space>[] _spaces;

    /// <param name="spaces">The subspaces in gymnasium's key order (it sorts the keys of a plain dict).</param>
    public DictSpace(IEnumerable<KeyValuePair<string, Space>> spaces)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        _spaces = [.. spaces];
        if (_spaces.Any(entry => entry.Key is null || entry.Value is null))
        {
            throw new ArgumentException("A Dict space cannot hold a null key or space.", nameof(spaces));
        }

        var duplicate = _spaces.GroupBy(entry => entry.Key, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"A Dict space has the key {PythonRepr.String(duplicate.Key)} twice.", nameof(spaces));
        }
    }

    /// <summary>A Dict space of the named <paramref name="spaces"/>, in that order.</summary>
    public DictSpace(params (string Key, Space Space)[] spaces)
        : this((spaces ?? throw new ArgumentNullException(nameof(spaces))).Select(entry => KeyValuePair.Create(entry.Key, entry.Space)))
    {
    }

    /// <summary>The keys and their subspaces, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, Space>> Spaces => _spaces;

    /// <summary>The subspace under <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> if there is none.</summary>
    public Space this[string key] => TryGetSpace(key, out var space)
        ? space
        : throw new KeyNotFoundException($"{this} has no key {PythonRepr.String(key)}.");

    /// <summary>The subspace under <paramref name="key"/>, if there is one.</summary>
    public bool TryGetSpace(string key, out Space space)
    {
        foreach (var entry in _spaces)
        {
            if (entry.Key == key)
            {
                space = entry.Value;
                return true;
            }
        }

        space = null!;
        return false;
    }

    /// <summary>As gymnasium, the keys must be the same set (in any order) and every value in its subspace.</summary>
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is not GymMap map || map.Count != _spaces.Length)
        {
            return false;
        }

        return _spaces.All(entry => map.TryGetValue(entry.Key, out var item) && entry.Value.Contains(item));
    }

    /// <inheritdoc />
    public override GymValue Sample() => GymMap.Of([.. _spaces.Select(entry => (entry.Key, entry.Value.Sample()))]);

    /// <summary>Seeds this space, then each subspace with a seed drawn from it (as gymnasium's Dict.seed(int)).</summary>
    public override void Seed(int seed)
    {
        base.Seed(seed);
        foreach (var entry in _spaces)
        {
            entry.Value.Seed(Random.Next());
        }
    }

    /// <inheritdoc />
    public override GymValue ToDescription() => GymMap.Of(
        ("type", "Dict"),
        ("spaces", GymMap.Of([.. _spaces.Select(entry => (entry.Key, entry.Value.ToDescription()))])));

    /// <inheritdoc />
    public override string ToString() =>
        "Dict(" + string.Join(", ", _spaces.Select(entry => $"{PythonRepr.String(entry.Key)}: {entry.Value}")) + ")";
}
