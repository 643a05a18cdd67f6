using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class CompositeSpaceTests
{
    private readonly TupleSpace _tuple = new(new DiscreteSpace(2), new BoxSpace(0, 1, [2], DType.Float32));

    private readonly DictSpace _dict = new(("b", new DiscreteSpace(3)), ("a", new TextSpace(3, charset: "xy")));

    [Fact]
    public void Tuple_contains_lists_with_one_value_per_subspace()
    {
        Assert.True(_tuple.Contains(GymValue.List(1, GymValue.List(0.5, 1))));
        Assert.True(_tuple.Contains(GymValue.List(0, NDArray.From(new[] { 0f, 0f }))));
        Assert.False(_tuple.Contains(GymValue.List(2, GymValue.List(0.5, 1))));
        Assert.False(_tuple.Contains(GymValue.List(1, GymValue.List(0.5, 2))));
        Assert.False(_tuple.Contains(GymValue.List(1)));
        Assert.False(_tuple.Contains(GymValue.List(1, GymValue.List(0, 0), 1)));
        Assert.False(_tuple.Contains(NDArray.From(new[] { 1, 0 })));
    }

    [Fact]
    public void Dict_contains_maps_with_exactly_its_keys_in_any_order()
    {
        Assert.True(_dict.Contains(GymMap.Of(("b", 2), ("a", "xy"))));
        Assert.True(_dict.Contains(GymMap.Of(("a", "x"), ("b", 0))));
        Assert.False(_dict.Contains(GymMap.Of(("b", 3), ("a", "xy"))));
        Assert.False(_dict.Contains(GymMap.Of(("b", 2))));
        Assert.False(_dict.Contains(GymMap.Of(("b", 2), ("a", "xy"), ("c", 0))));
        Assert.False(_dict.Contains(GymMap.Of(("b", 2), ("c", "xy"))));
        Assert.False(_dict.Contains(GymValue.List(2, "xy")));
    }

    [Fact]
    public void Dict_keeps_its_key_order_and_finds_subspaces_by_key()
    {
        Assert.Equal(["b", "a"], _dict.Spaces.Select(entry => entry.Key));
        Assert.IsType<TextSpace>(_dict["a"]);
        Assert.Throws<KeyNotFoundException>(() => _dict["c"]);
        Assert.Throws<ArgumentException>(() => new DictSpace(("a", new DiscreteSpace(2)), ("a", new DiscreteSpace(3))));
    }

    [Fact]
    public void Print_as_gymnasium()
    {
        Assert.Equal("Tuple(Discrete(2), Box(0.0, 1.0, (2,), float32))", _tuple.ToString());
        Assert.Equal("Dict('b': Discrete(3), 'a': Text(1, 3, charset=xy))", _dict.ToString());
        Assert.Equal("Dict(\"it's\": Dict('x\\ny': Tuple()))", new DictSpace(("it's", new DictSpace(("x\ny", new TupleSpace())))).ToString());
    }
}
