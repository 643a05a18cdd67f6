using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class SamplingTests
{
    public static TheoryData<string> SpaceNames => new(Spaces.Keys);

    private static Dictionary<string, Func<Space>> Spaces { get; } = new()
    {
        ["discrete"] = () => new DiscreteSpace(5, start: -2),
        ["bounded float32 box"] = () => new BoxSpace(-1.0, 2.0, [3, 2], DType.Float32),
        ["unbounded float64 box"] = () => new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [4], DType.Float64),
        ["half-bounded boxes"] = () => new BoxSpace(
            NDArray.From(new[] { 0f, float.NegativeInfinity, float.NegativeInfinity, 1e30f }),
            NDArray.From(new[] { float.PositiveInfinity, 0f, float.PositiveInfinity, float.PositiveInfinity })),
        ["float16 box"] = () => new BoxSpace(-0.1, 0.1, [5], DType.Float16),
        ["full-range float64 box"] = () => new BoxSpace(-double.MaxValue, double.MaxValue, [3], DType.Float64),
        ["int box"] = () => new BoxSpace(-3, 3, [6], DType.Int32),
        ["unbounded int64 box"] = () => new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [4], DType.Int64),
        ["half-bounded int8 box"] = () => new BoxSpace(NDArray.From(new sbyte[] { 120, sbyte.MinValue }), NDArray.From(new sbyte[] { sbyte.MaxValue, -120 })),
        ["uint8 box"] = () => new BoxSpace(0, 255, [8], DType.UInt8),
        ["uint64 box"] = () => new BoxSpace(NDArray.From(new[] { 0UL, ulong.MaxValue - 3 }), NDArray.From(new[] { ulong.MaxValue, ulong.MaxValue })),
        ["bool box"] = () => new BoxSpace(0, 1, [4], DType.Bool),
        ["single-point box"] = () => new BoxSpace(0.3, 0.3, [2], DType.Float32),
        ["multi-binary"] = () => new MultiBinarySpace(3, 2),
        ["multi-discrete"] = () => new MultiDiscreteSpace(NDArray.From(new byte[] { 2, 3, 255 }), NDArray.From(new byte[] { 0, 10, 0 })),
        ["text"] = () => new TextSpace(6, 0, "ab€😀"),
        ["nested"] = () => new DictSpace(
            ("t", new TupleSpace(new DiscreteSpace(2), new MultiDiscreteSpace(3, 4), new TextSpace(3))),
            ("box", new BoxSpace(-1, 1, [2], DType.Float32))),
    };

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Samples_are_always_in_the_space(string name)
    {
        var space = Spaces[name]();
        for (var seed = 0; seed < 20; seed++)
        {
            space.Seed(seed);
            for (var i = 0; i < 50; i++)
            {
                var sample = space.Sample();
                Assert.True(space.Contains(sample), $"seed {seed}: {sample} is not in {space}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void Seeding_makes_samples_deterministic(string name)
    {
        var first = Spaces[name]();
        var second = Spaces[name]();
        first.Seed(42);
        second.Seed(42);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(GymValue.DeepEquals(first.Sample(), second.Sample()));
        }

        first.Seed(42);
        var again = Spaces[name]();
        again.Seed(42);
        Assert.True(GymValue.DeepEquals(first.Sample(), again.Sample()));
    }

    [Fact]
    public void Different_seeds_give_different_samples()
    {
        var space = new BoxSpace(0, 1, [8], DType.Float64);
        space.Seed(1);
        var one = space.Sample();
        space.Seed(2);
        Assert.False(GymValue.DeepEquals(one, space.Sample()));
    }

    [Fact]
    public void Samples_have_the_space_dtype_and_shape()
    {
        var box = new BoxSpace(-1, 1, [2, 3], DType.Float32).Sample().AsArray();
        Assert.Equal(DType.Float32, box.DType);
        Assert.Equal([2, 3], box.Shape);
        Assert.Equal(DType.UInt8, new MultiDiscreteSpace(NDArray.From(new byte[] { 2 })).Sample().AsArray().DType);
        Assert.Equal(GymValueKind.Int, new DiscreteSpace(2).Sample().Kind);
        Assert.Equal(GymValueKind.Map, Spaces["nested"]().Sample().Kind);
    }

    [Fact]
    public void Integer_box_samples_cover_both_bounds()
    {
        var box = new BoxSpace(-1, 1, [1], DType.Int64);
        box.Seed(0);
        var seen = Enumerable.Range(0, 300).Select(_ => box.Sample().AsArray().ToArray<long>()[0]).ToHashSet();
        Assert.Equal(new HashSet<long> { -1, 0, 1 }, seen);
    }

    [Fact]
    public void Unbounded_samples_look_normal_and_half_bounded_ones_exponential()
    {
        var normal = new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [20000], DType.Float64);
        normal.Seed(3);
        var values = normal.Sample().AsArray().ToArray<double>();
        Assert.InRange(values.Average(), -0.05, 0.05);
        Assert.InRange(values.Select(v => v * v).Average(), 0.95, 1.05);

        var exponential = new BoxSpace(2, double.PositiveInfinity, [20000], DType.Float64);
        exponential.Seed(3);
        var shifted = exponential.Sample().AsArray().ToArray<double>();
        Assert.True(shifted.Min() >= 2);
        Assert.InRange(shifted.Average(), 2.95, 3.05);
    }
}
