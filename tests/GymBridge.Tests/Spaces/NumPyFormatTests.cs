using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

/// <summary>Expected strings are NumPy 1.24's str() of the same values.</summary>
public class NumPyFormatTests
{
    [Theory]
    [InlineData(1.0f, "1.0")]
    [InlineData(-2.0f, "-2.0")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1e16f, "1e+16")]
    [InlineData(1e15f, "1000000000000000.0")]
    [InlineData(0.0001f, "1e-04")]
    [InlineData(123456789f, "123456790.0")]
    [InlineData(3.4028235e38f, "3.4028235e+38")]
    [InlineData(-0f, "-0.0")]
    [InlineData(float.NegativeInfinity, "-inf")]
    [InlineData(float.NaN, "nan")]
    public void Float32_scalars(float value, string expected) => Assert.Equal(expected, NumPyFormat.Scalar(NDArray.Scalar(value), 0));

    [Theory]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(0.3333333333333333, "0.3333333333333333")]
    public void Float64_scalars(double value, string expected) => Assert.Equal(expected, NumPyFormat.Scalar(NDArray.Scalar(value), 0));

    [Fact]
    public void Float16_scalars()
    {
        Assert.Equal("65500.0", NumPyFormat.Scalar(NDArray.Scalar((Half)65504), 0));
        Assert.Equal("0.419", NumPyFormat.Scalar(NDArray.Scalar((Half)0.41887903), 0));
    }

    public static TheoryData<NDArray, string> Arrays => new()
    {
        { NDArray.From(new[] { 4.8f, 3.4028235e38f, -0.41887903f, float.NegativeInfinity }), "[ 4.8000002e+00  3.4028235e+38 -4.1887903e-01           -inf]" },
        { NDArray.From(new[] { 4.8f, 1e-5f }), "[4.8e+00 1.0e-05]" },
        { NDArray.From(new[] { 1e100, 1.0, double.PositiveInfinity }), "[1.e+100 1.e+000     inf]" },
        { NDArray.From(new[] { 1 / 3.0, 2.0, double.NegativeInfinity }), "[0.33333333 2.               -inf]" },
        { NDArray.From(new[] { -0.0, 2.0 }), "[-0.  2.]" },
        { NDArray.From(new[] { 0.001953125, 1.0 }), "[0.00195312 1.        ]" },
        { NDArray.From(new[] { 1.5, 2.5e-5 }), "[1.5e+00 2.5e-05]" },
        { NDArray.From(new[] { 0.0, 0.0 }), "[0. 0.]" },
        { NDArray.From(new[] { double.NaN, 1.0 }), "[nan  1.]" },
        { NDArray.From(new[] { double.NegativeInfinity, double.PositiveInfinity }), "[-inf  inf]" },
        { NDArray.From(new[] { 0.1f, 1f }), "[0.1 1. ]" },
        { NDArray.From(new[] { 12.566371f, 1f }), "[12.566371  1.      ]" },
        { NDArray.From(new[] { (Half)0.1, (Half)1 }), "[0.1 1. ]" },
        { NDArray.From(new[] { true, false }), "[ True False]" },
        { NDArray.From(new[] { 1L, -2, 3, 4 }, 2, 2), "[[ 1 -2]\n [ 3  4]]" },
        { NDArray.From(new[] { ulong.MaxValue, 1UL }), "[18446744073709551615                    1]" },
        { NDArray.From(Enumerable.Range(0, 30).Select(i => i / 7f).ToArray()),
            "[0.         0.14285715 0.2857143  0.42857143 0.5714286  0.71428573\n 0.85714287 1.         1.1428572  1.2857143  1.4285715  1.5714285\n 1.7142857  1.8571428  2.         2.142857   2.2857144  2.4285715\n 2.5714285  2.7142856  2.857143   3.         3.142857   3.2857144\n 3.4285715  3.5714285  3.7142856  3.857143   4.         4.142857  ]" },
        { NDArray.From(Enumerable.Repeat(0.5, 12).ToArray(), 2, 3, 2), "[[[0.5 0.5]\n  [0.5 0.5]\n  [0.5 0.5]]\n\n [[0.5 0.5]\n  [0.5 0.5]\n  [0.5 0.5]]]" },
        { NDArray.From(Enumerable.Range(0, 2000).ToArray()), "[   0    1    2 ... 1997 1998 1999]" },
        { NDArray.From(Array.Empty<float>()), "[]" },
    };

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Arrays_print_as_numpy(NDArray array, string expected) => Assert.Equal(expected, NumPyFormat.Array(array));
}
