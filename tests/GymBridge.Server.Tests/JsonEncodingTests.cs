using GymBridge.Server.Json;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Tests;

/// <summary>The JSON forms of values: shortest float32 text, floats that stay floats, the documented non-finite encoding, shapes.</summary>
public sealed class JsonEncodingTests
{
    private static string Json(GymValue value) => System.Text.Encoding.UTF8.GetString(ResponseWriter.ToJson(value));

    [Fact]
    public void Float32_prints_its_own_shortest_form_not_the_widened_doubles_digits()
    {
        Assert.Equal("[0.1,1.0,-2.5,3.4028235e+38,1e-45]", Json(NDArray.From([0.1f, 1f, -2.5f, float.MaxValue, float.Epsilon])));
        Assert.Equal("[0.1,1.0,1e+300]", Json(NDArray.From([0.1, 1.0, 1e300])));
    }

    [Fact]
    public void Non_finite_numbers_are_encoded_as_documented()
    {
        Assert.Equal("[1.7976931348623157e308,-1.7976931348623157e308,null]", Json(NDArray.From([float.PositiveInfinity, float.NegativeInfinity, float.NaN])));
        Assert.Equal("[1.7976931348623157e308,null]", Json(GymValue.List(double.PositiveInfinity, double.NaN)));
    }

    [Fact]
    public void Arrays_nest_by_shape_and_scalars_keep_their_kinds()
    {
        Assert.Equal("[[1,2,3],[4,5,6]]", Json(NDArray.From([1L, 2, 3, 4, 5, 6], 2, 3)));
        Assert.Equal("7", Json(NDArray.Scalar(7)));
        Assert.Equal("[true,false]", Json(NDArray.From([true, false])));
        Assert.Equal("[255,0]", Json(NDArray.From(new byte[] { 255, 0 })));
        Assert.Equal("[9223372036854775807]", Json(NDArray.From([long.MaxValue])));
        Assert.Equal("{\"a\":[1,2.5,\"x\",null],\"0\":true}", Json(new GymMap([new("a", GymValue.List(1, 2.5, "x", GymValue.None)), new(0, true)])));
    }

    [Fact]
    public void Json_reads_ints_as_ints_and_other_numbers_as_floats()
    {
        var value = GymJsonReader.Read("{\"a\": 1, \"b\": 1.0, \"c\": 1e2, \"d\": [true, null, \"s\"]}").AsMap();
        Assert.Equal(GymValueKind.Int, value["a"].Kind);
        Assert.Equal(GymValueKind.Float, value["b"].Kind);
        Assert.Equal(GymValueKind.Float, value["c"].Kind);
        Assert.Equal(3, value["d"].AsList().Count);
    }

    [Fact]
    public void Actions_are_converted_by_the_space_and_checked()
    {
        var box = new BoxSpace(-1, 1, [2], DType.Float32);
        var action = ActionConverter.Convert(box, GymJsonReader.Read("[0.1, -1]")).AsArray();
        Assert.Equal([0.1f, -1f], action.ToArray<float>());
        Assert.Equal(1L, ActionConverter.Convert(new DiscreteSpace(3), GymJsonReader.Read("1.0")).AsInt64());
        Assert.Throws<Errors.ApiException>(() => ActionConverter.Convert(box, GymJsonReader.Read("[2, 0]")));
        Assert.Throws<Errors.ApiException>(() => ActionConverter.Convert(new DiscreteSpace(3), GymJsonReader.Read("true")));
    }
}
