using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class MultiBinarySpaceTests
{
    private readonly MultiBinarySpace _space = new(2, 2);

    [Fact]
    public void Contains_zeros_and_ones_of_the_shape_whatever_the_dtype()
    {
        Assert.True(_space.Contains(NDArray.From(new sbyte[] { 1, 0, 0, 1 }, 2, 2)));
        Assert.True(_space.Contains(NDArray.From(new[] { 1.0, 0, 0, 1 }, 2, 2)));
        Assert.True(_space.Contains(NDArray.From(new[] { true, false, false, true }, 2, 2)));
        Assert.False(_space.Contains(NDArray.From(new sbyte[] { 1, 2, 0, 1 }, 2, 2)));
        Assert.False(_space.Contains(NDArray.From(new[] { 0.5, 0, 0, 1 }, 2, 2)));
        Assert.False(_space.Contains(NDArray.From(new sbyte[] { 1, 0, 0, 1 })));
    }

    [Fact]
    public void Takes_lists()
    {
        Assert.True(_space.Contains(GymValue.List(GymValue.List(1, 0), GymValue.List(true, 0.0))));
        Assert.False(_space.Contains(GymValue.List(GymValue.List(1, 2), GymValue.List(0, 0))));
        Assert.False(_space.Contains(GymValue.List(1, 0, 0, 1)));
        Assert.False(_space.Contains("1001"));
    }

    [Fact]
    public void Samples_int8_arrays_of_the_shape()
    {
        var sample = _space.Sample().AsArray();
        Assert.Equal(DType.Int8, sample.DType);
        Assert.Equal([2, 2], sample.Shape);
    }

    [Fact]
    public void Prints_as_gymnasium()
    {
        Assert.Equal("MultiBinary(5)", new MultiBinarySpace(5).ToString());
        Assert.Equal("MultiBinary((2, 2))", _space.ToString());
    }

    [Fact]
    public void Rejects_non_positive_dimensions() => Assert.Throws<ArgumentException>(() => new MultiBinarySpace(2, 0));
}
