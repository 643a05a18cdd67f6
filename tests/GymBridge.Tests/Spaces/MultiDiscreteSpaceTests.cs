using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class MultiDiscreteSpaceTests
{
    private readonly MultiDiscreteSpace _space = new(NDArray.From(new[] { 3, 2 }), NDArray.From(new[] { 1, -1 }));

    [Fact]
    public void Has_gymnasium_properties()
    {
        Assert.Equal(DType.Int32, _space.DType);
        Assert.Equal([2], _space.Shape);
        Assert.Equal([3, 2], _space.Nvec.ToArray<int>());
        Assert.Equal([0L, 0L], new MultiDiscreteSpace(5, 2).Start.ToArray<long>());
    }

    [Fact]
    public void Contains_values_from_start_to_start_plus_nvec()
    {
        Assert.True(_space.Contains(NDArray.From(new[] { 1, -1 })));
        Assert.True(_space.Contains(NDArray.From(new[] { 3, 0 })));
        Assert.False(_space.Contains(NDArray.From(new[] { 0, 0 })));
        Assert.False(_space.Contains(NDArray.From(new[] { 4, 0 })));
        Assert.False(_space.Contains(NDArray.From(new[] { 1, 1 })));
        Assert.False(_space.Contains(NDArray.From(new[] { 1, 0, 0 })));
    }

    [Fact]
    public void Takes_arrays_whose_dtype_casts_safely()
    {
        Assert.True(_space.Contains(NDArray.From(new sbyte[] { 1, 0 })));
        Assert.True(_space.Contains(NDArray.From(new ushort[] { 1, 0 })));
        Assert.False(_space.Contains(NDArray.From(new[] { 1L, 0L })));
        Assert.False(_space.Contains(NDArray.From(new[] { 1.0, 0.0 })));
    }

    [Fact]
    public void Takes_lists_of_whole_numbers()
    {
        Assert.True(_space.Contains(GymValue.List(2, 0)));
        Assert.True(_space.Contains(GymValue.List(2.0, false)));
        Assert.False(_space.Contains(GymValue.List(1.5, 0)));
        Assert.False(_space.Contains(GymValue.List("1", 0)));
        Assert.False(_space.Contains(2));
    }

    [Fact]
    public void Prints_as_gymnasium()
    {
        Assert.Equal("MultiDiscrete([5 2 2])", new MultiDiscreteSpace(5, 2, 2).ToString());
        Assert.Equal("MultiDiscrete([3 2], start=[ 1 -1])", _space.ToString());
        Assert.Equal("MultiDiscrete([[2 3]\n [4 5]])", new MultiDiscreteSpace(NDArray.From(new[] { 2L, 3, 4, 5 }, 2, 2)).ToString());
    }

    [Fact]
    public void Rejects_bad_parameters()
    {
        Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(3, 0));
        Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(NDArray.From(new[] { 2.0 })));
        Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(NDArray.From(new[] { 2 }), NDArray.From(new[] { 0L })));
        Assert.Throws<ArgumentException>(() => new MultiDiscreteSpace(NDArray.From(new sbyte[] { 100 }), NDArray.From(new sbyte[] { 100 })));
    }
}
