using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class DiscreteSpaceTests
{
    private readonly DiscreteSpace _space = new(3, start: -1);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Contains_ints_in_range(long value) => Assert.True(_space.Contains(value));

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Rejects_ints_out_of_range(long value) => Assert.False(_space.Contains(value));

    [Fact]
    public void Takes_bools_and_whole_floats_as_the_worker_converts_them()
    {
        var space = new DiscreteSpace(2);
        Assert.True(space.Contains(true));
        Assert.True(space.Contains(1.0));
        Assert.True(space.Contains(0f));
        Assert.False(space.Contains(1.5));
        Assert.False(space.Contains(double.NaN));
        Assert.False(space.Contains(2.0));
    }

    [Fact]
    public void Takes_zero_dimensional_integer_arrays_that_cast_safely_to_int64()
    {
        Assert.True(_space.Contains(NDArray.Scalar(1)));
        Assert.True(_space.Contains(NDArray.Scalar((byte)0)));
        Assert.False(_space.Contains(NDArray.Scalar(2)));
        Assert.False(_space.Contains(NDArray.Scalar(1UL)));
        Assert.False(_space.Contains(NDArray.Scalar(1.0)));
        Assert.False(_space.Contains(NDArray.Scalar(true)));
        Assert.False(_space.Contains(NDArray.From(new[] { 1L })));
    }

    [Fact]
    public void Rejects_other_kinds()
    {
        Assert.False(_space.Contains("1"));
        Assert.False(_space.Contains(GymValue.None));
        Assert.False(_space.Contains(GymValue.List(0)));
    }

    [Fact]
    public void Prints_as_gymnasium()
    {
        Assert.Equal("Discrete(2)", new DiscreteSpace(2).ToString());
        Assert.Equal("Discrete(3, start=-1)", _space.ToString());
    }

    [Fact]
    public void Rejects_bad_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(10, long.MaxValue - 5));
    }

    [Fact]
    public void Samples_every_value()
    {
        _space.Seed(1);
        var seen = Enumerable.Range(0, 200).Select(_ => _space.Sample().AsInt64()).ToHashSet();
        Assert.Equal(new HashSet<long> { -1, 0, 1 }, seen);
    }
}
