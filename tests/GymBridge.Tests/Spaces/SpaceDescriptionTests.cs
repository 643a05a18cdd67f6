using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class SpaceDescriptionTests
{
    public static TheoryData<string, GymValue> Descriptions => new()
    {
        { "Discrete(2)", Discrete(2, 0) },
        { "Discrete(3, start=-1)", Discrete(3, -1) },
        { "Box(-1.0, 1.0, (1,), float32)", Box(NDArray.From(new[] { -1f }), NDArray.From(new[] { 1f }), "<f4") },
        { "Box([-1. -1. -8.], [1. 1. 8.], (3,), float32)", Box(NDArray.From(new[] { -1f, -1f, -8f }), NDArray.From(new[] { 1f, 1f, 8f }), "<f4") },
        { "Box(0, 255, (2, 2), uint8)", Box(NDArray.From(new byte[] { 0, 0, 0, 0 }, 2, 2), NDArray.From(new byte[] { 255, 255, 255, 255 }, 2, 2), "|u1") },
        { "MultiBinary((2, 3))", GymMap.Of(("type", "MultiBinary"), ("shape", GymValue.List(2, 3))) },
        { "MultiDiscrete([5 2 2], start=[ 0 -1  1])", GymMap.Of(("type", "MultiDiscrete"), ("nvec", NDArray.From(new[] { 5, 2, 2 })), ("start", NDArray.From(new[] { 0, -1, 1 })), ("dtype", "<i4")) },
        { "Text(2, 5, charset=abc)", GymMap.Of(("type", "Text"), ("min_length", 2), ("max_length", 5), ("charset", "abc")) },
        { "Graph(Discrete(3), None)", GymMap.Of(("type", "Unsupported"), ("repr", "Graph(Discrete(3), None)")) },
        { "Tuple(Discrete(32), Discrete(11), Discrete(2))", Tuple(Discrete(32, 0), Discrete(11, 0), Discrete(2, 0)) },
        {
            "Dict('inner': Tuple(Discrete(3), Dict('a': Text(1, 4, charset=xy), 'b': MultiBinary(2))), 'position': Box(-1.0, 1.0, (2,), float32))",
            GymMap.Of(("type", "Dict"), ("spaces", GymMap.Of(
                ("inner", Tuple(
                    Discrete(3, 0),
                    GymMap.Of(("type", "Dict"), ("spaces", GymMap.Of(
                        ("a", GymMap.Of(("type", "Text"), ("min_length", 1), ("max_length", 4), ("charset", "xy"))),
                        ("b", GymMap.Of(("type", "MultiBinary"), ("shape", GymValue.List(2))))))))),
                ("position", Box(NDArray.From(new[] { -1f, -1f }), NDArray.From(new[] { 1f, 1f }), "<f4")))))
        },
        { "Tuple()", Tuple() },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Round_trips_and_prints_as_gymnasium(string repr, GymValue description)
    {
        var space = Space.FromDescription(description);
        Assert.Equal(repr, space.ToString());
        var again = space.ToDescription();
        Assert.True(GymValue.DeepEquals(description, again), $"{description}\n!=\n{again}");
    }

    [Fact]
    public void Parses_to_the_typed_spaces()
    {
        var space = Assert.IsType<DictSpace>(Space.FromDescription(Descriptions.Select(row => (GymValue)row[1]).ElementAt(10)));
        var inner = Assert.IsType<TupleSpace>(space["inner"]);
        Assert.Equal(3, Assert.IsType<DiscreteSpace>(inner.Spaces[0]).N);
        Assert.Equal("xy", Assert.IsType<TextSpace>(Assert.IsType<DictSpace>(inner.Spaces[1])["a"]).Charset);
        Assert.Equal([2], Assert.IsType<BoxSpace>(space["position"]).Shape);
    }

    public static TheoryData<GymValue, string> Malformed => new()
    {
        { 5, "at space: expected a map with a \"type\" key, got Int 5" },
        { GymMap.Of(("n", 2)), "at space: no \"type\" string" },
        { GymMap.Of(("type", "Discrete2")), "at space (Discrete2): unknown type (known: Discrete, Box," },
        { GymMap.Of(("type", "Discrete"), ("n", 2)), "at space (Discrete): missing 'start' (an int)" },
        { GymMap.Of(("type", "Discrete"), ("n", 2.0), ("start", 0)), "at space (Discrete): 'n' must be an int, got Float 2" },
        { Discrete(0, 0), "at space (Discrete): n ('0') must be a non-negative and non-zero value" },
        { Box(NDArray.From(new[] { -1f }), NDArray.From(new[] { 1f }), "<f8"), "at space (Box): 'low' is an ndarray of float32 with shape (1,), but the space is float64 with shape (1,)" },
        { Box(NDArray.From(new[] { -1f }), NDArray.From(new[] { 1f }), "<c8"), "at space (Box): dtype '<c8' is not supported" },
        { Box(NDArray.From(new[] { 1f }), NDArray.From(new[] { -1f }), "<f4"), "at space (Box): Box bounds must satisfy low <= high" },
        { GymMap.Of(("type", "Box"), ("low", NDArray.From(new[] { 0f })), ("high", NDArray.From(new[] { 0f })), ("shape", GymValue.List("1")), ("dtype", "<f4")), "'shape' must be a list of ints" },
        { GymMap.Of(("type", "MultiBinary"), ("shape", GymValue.List(0))), "at space (MultiBinary): MultiBinary needs positive dimensions" },
        { GymMap.Of(("type", "MultiDiscrete"), ("nvec", NDArray.From(new[] { 2 })), ("start", NDArray.From(new[] { 0 })), ("dtype", "<i8")), "'nvec' is an ndarray of int32, but 'dtype' says int64" },
        { GymMap.Of(("type", "Text"), ("min_length", 3), ("max_length", 2), ("charset", "a")), "at space (Text):" },
        { GymMap.Of(("type", "Tuple"), ("spaces", GymValue.List(Discrete(2, 0), GymMap.Of(("type", "Discrete"))))), "at space.spaces[1] (Discrete): missing 'n'" },
        { GymMap.Of(("type", "Dict"), ("spaces", GymMap.Of(("pos", GymMap.Of(("type", "Text")))))), "at space.spaces['pos'] (Text): missing 'max_length'" },
        { GymMap.Of(("type", "Dict"), ("spaces", new GymMap([new(1, Discrete(2, 0))]))), "at space (Dict): the key 1 is not a string" },
        { GymMap.Of(("type", "Unsupported")), "at space (Unsupported): missing 'repr' (a string)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_descriptions_say_what_and_where(GymValue description, string message)
    {
        var error = Assert.Throws<FormatException>(() => Space.FromDescription(description));
        Assert.StartsWith("Malformed space description ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static GymMap Discrete(long n, long start) => GymMap.Of(("type", "Discrete"), ("n", n), ("start", start));

    private static GymMap Box(NDArray low, NDArray high, string dtype) => GymMap.Of(
        ("type", "Box"), ("low", low), ("high", high), ("shape", GymValue.List([.. low.Shape.Select(d => (GymValue)d)])), ("dtype", dtype));

    private static GymMap Tuple(params GymValue[] spaces) => GymMap.Of(("type", "Tuple"), ("spaces", GymValue.List(spaces)));
}
