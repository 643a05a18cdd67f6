using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class BoxSpaceTests
{
    private readonly BoxSpace _box = new(-1.0, 1.0, [2], DType.Float32);

    [Fact]
    public void Has_gymnasium_properties()
    {
        var box = new BoxSpace(
            NDArray.From(new[] { -1f, float.NegativeInfinity }),
            NDArray.From(new[] { 1f, 2f }));
        Assert.Equal([2], box.Shape);
        Assert.Equal(DType.Float32, box.DType);
        Assert.Equal([-1.0, double.NegativeInfinity], box.Low);
        Assert.Equal([1.0, 2.0], box.High);
        Assert.False(box.IsBoundedBelow);
        Assert.True(box.IsBoundedAbove);
        Assert.False(box.IsBounded);
        Assert.True(_box.IsBounded);
    }

    [Fact]
    public void Infinite_bounds_of_a_signed_integer_box_become_the_dtype_extremes_and_count_as_unbounded()
    {
        var box = new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [3], DType.Int64);
        Assert.Equal([long.MinValue, long.MinValue, long.MinValue], box.LowArray.ToArray<long>());
        Assert.False(box.IsBoundedBelow);
        Assert.False(box.IsBoundedAbove);
        Assert.Throws<ArgumentException>(() => new BoxSpace(double.NegativeInfinity, 1, [1], DType.UInt8));
        Assert.True(new BoxSpace(0, 255, [1], DType.UInt8).IsBounded);
    }

    [Fact]
    public void Contains_arrays_of_the_shape_within_bounds()
    {
        Assert.True(_box.Contains(NDArray.From(new[] { -1f, 1f })));
        Assert.True(_box.Contains(NDArray.From(new[] { 0.5f, 0f })));
        Assert.False(_box.Contains(NDArray.From(new[] { 1.5f, 0f })));
        Assert.False(_box.Contains(NDArray.From(new[] { float.NaN, 0f })));
        Assert.False(_box.Contains(NDArray.From(new[] { 0f, 0f, 0f })));
        Assert.False(_box.Contains(NDArray.From(new[] { 0f, 0f }, 1, 2)));
    }

    [Fact]
    public void Takes_arrays_whose_dtype_casts_safely_as_np_can_cast()
    {
        Assert.False(_box.Contains(NDArray.From(new[] { 0.5, 0.0 })));
        Assert.True(_box.Contains(NDArray.From(new short[] { 1, -1 })));
        Assert.False(_box.Contains(NDArray.From(new[] { 1, -1 })));
        Assert.True(_box.Contains(NDArray.From(new[] { true, false })));
        var doubles = new BoxSpace(-1.0, 1.0, [2], DType.Float64);
        Assert.True(doubles.Contains(NDArray.From(new[] { 0.5f, 0f })));
        Assert.True(doubles.Contains(NDArray.From(new[] { 1L, -1L })));
    }

    [Fact]
    public void Takes_lists_of_numbers_converted_to_its_dtype()
    {
        Assert.True(_box.Contains(GymValue.List(0.5, 0)));
        Assert.True(_box.Contains(GymValue.List(1, true)));
        Assert.False(_box.Contains(GymValue.List(0.5)));
        Assert.False(_box.Contains(GymValue.List(0.5, 2)));
        Assert.False(_box.Contains(GymValue.List(0.5, "0")));
        Assert.False(_box.Contains(GymValue.List(GymValue.List(0.5, 0))));
        Assert.False(_box.Contains(0.5));
        Assert.True(new BoxSpace(0, 1, [], DType.Float32).Contains(0.5));
    }

    [Fact]
    public void Nested_lists_must_be_rectangular()
    {
        var box = new BoxSpace(0, 10, [2, 2], DType.Int32);
        Assert.True(box.Contains(GymValue.List(GymValue.List(1, 2), GymValue.List(3, 4.0))));
        Assert.False(box.Contains(GymValue.List(GymValue.List(1, 2), GymValue.List(3))));
        Assert.False(box.Contains(GymValue.List(GymValue.List(1, 2), 3)));
        Assert.False(box.Contains(GymValue.List(GymValue.List(1, 2), GymValue.List(3, 0.5))));
        Assert.False(box.Contains(GymValue.List(GymValue.List(1, 2), GymValue.List(3, 11))));
    }

    [Fact]
    public void List_values_that_would_change_are_refused()
    {
        Assert.False(new BoxSpace(0, 255, [1], DType.UInt8).Contains(GymValue.List(300)));
        Assert.False(new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [1], DType.Float32).Contains(GymValue.List(1e39)));
        Assert.True(new BoxSpace(double.NegativeInfinity, double.PositiveInfinity, [1], DType.Float32).Contains(GymValue.List(double.PositiveInfinity)));
    }

    [Fact]
    public void Integer_bounds_compare_exactly()
    {
        var box = new BoxSpace(NDArray.From(new[] { 0L }), NDArray.From(new[] { (1L << 60) }));
        Assert.True(box.Contains(NDArray.From(new[] { 1L << 60 })));
        Assert.False(box.Contains(NDArray.From(new[] { (1L << 60) + 1 })));
        Assert.False(box.Contains(GymValue.List((1L << 60) + 1)));
    }

    [Fact]
    public void Create_action_builds_an_array_of_the_space_dtype_and_shape()
    {
        var box = new BoxSpace(-2.0, 2.0, [2, 1], DType.Float32);
        var action = box.CreateAction([0.25, -1.5]).AsArray();
        Assert.Equal(DType.Float32, action.DType);
        Assert.Equal([2, 1], action.Shape);
        Assert.Equal([0.25f, -1.5f], action.ToArray<float>());
        Assert.True(box.Contains(action));

        var fromFloats = new BoxSpace(-2.0, 2.0, [2], DType.Float64).CreateAction([0.1f, 1f]).AsArray();
        Assert.Equal([(double)0.1f, 1.0], fromFloats.ToArray<double>());

        var ints = new BoxSpace(0, 9, [3], DType.Int16).CreateAction([1.0, 2.0, 3.0]).AsArray();
        Assert.Equal(new short[] { 1, 2, 3 }, ints.ToArray<short>());
    }

    [Fact]
    public void Create_action_refuses_a_wrong_length_or_values_an_integer_dtype_cannot_hold()
    {
        var error = Assert.Throws<ArgumentException>(() => _box.CreateAction([1.0]));
        Assert.Contains("needs 2 values", error.Message, StringComparison.Ordinal);
        var ints = new BoxSpace(0, 9, [1], DType.UInt8);
        Assert.Throws<ArgumentException>(() => ints.CreateAction([0.5]));
        Assert.Throws<ArgumentException>(() => ints.CreateAction([-1.0]));
    }

    [Fact]
    public void Rejects_bad_bounds()
    {
        Assert.Throws<ArgumentException>(() => new BoxSpace(1, 0, [1], DType.Float32));
        Assert.Throws<ArgumentException>(() => new BoxSpace(double.NaN, 0, [1], DType.Float32));
        Assert.Throws<ArgumentException>(() => new BoxSpace(NDArray.From(new[] { 0f }), NDArray.From(new[] { 1.0 })));
        Assert.Throws<ArgumentException>(() => new BoxSpace(NDArray.From(new[] { 0f }), NDArray.From(new[] { 1f, 2f })));
        Assert.Throws<ArgumentException>(() => new BoxSpace(0.5, 2, [1], DType.Int32));
    }

    [Theory]
    [InlineData(-1.0, 1.0, new[] { 1 }, "float32", "Box(-1.0, 1.0, (1,), float32)")]
    [InlineData(-2.0, 2.0, new[] { 3, 4 }, "float64", "Box(-2.0, 2.0, (3, 4), float64)")]
    [InlineData(0.0, 1.0, new int[0], "float32", "Box(0.0, 1.0, (), float32)")]
    [InlineData(0, 255, new[] { 210, 160, 3 }, "uint8", "Box(0, 255, (210, 160, 3), uint8)")]
    [InlineData(0, 1, new[] { 3 }, "bool", "Box(False, True, (3,), bool)")]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, new[] { 3 }, "int64", "Box(-9223372036854775808, 9223372036854775807, (3,), int64)")]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, new[] { 2 }, "float32", "Box(-inf, inf, (2,), float32)")]
    [InlineData(0.1, 1e16, new[] { 2 }, "float32", "Box(0.1, 1e+16, (2,), float32)")]
    [InlineData(0.0001, 65504, new[] { 2 }, "float16", "Box(0.0001, 65500.0, (2,), float16)")]
    public void Prints_uniform_bounds_as_scalars(double low, double high, int[] shape, string dtype, string expected) =>
        Assert.Equal(expected, new BoxSpace(low, high, shape, DType.Parse(dtype)).ToString());

    [Fact]
    public void Prints_per_element_bounds_as_numpy_arrays()
    {
        var cartPole = new BoxSpace(
            NDArray.From(new[] { -4.8f, float.NegativeInfinity, -0.41887903f, float.NegativeInfinity }),
            NDArray.From(new[] { 4.8f, float.PositiveInfinity, 0.41887903f, float.PositiveInfinity }));
        Assert.Equal(
            "Box([-4.8               -inf -0.41887903        -inf], [4.8               inf 0.41887903        inf], (4,), float32)",
            cartPole.ToString());
        var ints = new BoxSpace(NDArray.From(new[] { -1, -2, 3, 4 }, 2, 2), NDArray.From(new[] { 5, 5, 5, 6 }, 2, 2));
        Assert.Equal("Box([[-1 -2]\n [ 3  4]], [[5 5]\n [5 6]], (2, 2), int32)", ints.ToString());
    }
}
