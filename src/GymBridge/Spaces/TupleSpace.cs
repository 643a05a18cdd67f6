using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>gymnasium's <c>Tuple(spaces)</c>: lists with one value of each subspace, in order.</summary>
public sealed class TupleSpace : Space
{
    private readonly Space[] _spaces;

    /// <summary>A Tuple space of <paramref name="spaces"/>, in order.</summary>
    public TupleSpace(IEnumerable<Space> spaces)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        _spaces = [.. spaces];
        if (_spaces.Any(space => space is null))
        {
            throw new ArgumentException("A Tuple space cannot hold null.", nameof(spaces));
        }
    }

    /// <summary>A Tuple space of <paramref name="spaces"/>, in order.</summary>
    public TupleSpace(params Space[] spaces)
        : this((IEnumerable<Space>)spaces)
    {
    }

    /// <summary>The subspaces, in order.</summary>
    public IReadOnlyList<Space> Spaces => _spaces;

    /// <inheritdoc />
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind != GymValueKind.List || value.AsList().Count != _spaces.Length)
        {
            return false;
        }

        var items = value.AsList();
        return _spaces.Select((space, i) => space.Contains(items[i])).All(contained => contained);
    }

    /// <inheritdoc />
    public override GymValue Sample() => GymValue.List([.. _spaces.Select(space => space.Sample())]);

    /// <summary>Seeds this space, then each subspace with a seed drawn from it (as gymnasium's Tuple.seed(int)).</summary>
    public override void Seed(int seed)
    {
        base.Seed(seed);
        foreach (var space in _spaces)
        {
            space.Seed(Random.Next());
        }
    }

    /// <inheritdoc />
    public override GymValue ToDescription() =>
        GymMap.Of(("type", "Tuple"), ("spaces", GymValue.List([.. _spaces.Select(space => space.ToDescription())])));

    /// <inheritdoc />
    public override string ToString() => "Tuple(" + string.Join(", ", _spaces.Select(space => space.ToString())) + ")";
}
