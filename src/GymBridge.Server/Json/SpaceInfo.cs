using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// The <c>info</c> of a space as the gym-http-api family reports it: <c>name</c> plus the space's parameters
/// (Discrete <c>n</c>, <c>start</c>; Box <c>shape</c>, <c>low</c>, <c>high</c>, <c>dtype</c>; MultiBinary <c>n</c>;
/// MultiDiscrete <c>nvec</c>; Tuple and Dict <c>spaces</c>, nested; Text lengths and charset).
/// </summary>
internal static class SpaceInfo
{
    public static GymMap Describe(Space space) => space switch
    {
        DiscreteSpace d => GymMap.Of(("name", "Discrete"), ("n", d.N), ("start", d.Start)),
        BoxSpace b => GymMap.Of(
            ("name", "Box"),
            ("shape", Shape(b.Shape)),
            ("low", b.LowArray),
            ("high", b.HighArray),
            ("dtype", b.DType.Name),
            ("bounded_below", b.IsBoundedBelow),
            ("bounded_above", b.IsBoundedAbove)),
        MultiBinarySpace m => GymMap.Of(
            ("name", "MultiBinary"),
            ("n", m.Shape.Count == 1 ? m.Shape[0] : Shape(m.Shape)),
            ("shape", Shape(m.Shape))),
        MultiDiscreteSpace m => GymMap.Of(
            ("name", "MultiDiscrete"),
            ("nvec", m.Nvec),
            ("start", m.Start),
            ("shape", Shape(m.Shape)),
            ("dtype", m.DType.Name)),
        TupleSpace t => GymMap.Of(("name", "Tuple"), ("spaces", GymValue.List([.. t.Spaces.Select(s => (GymValue)Describe(s))]))),
        DictSpace d => GymMap.Of(("name", "Dict"), ("spaces", GymMap.Of([.. d.Spaces.Select(e => (e.Key, (GymValue)Describe(e.Value)))]))),
        TextSpace t => GymMap.Of(("name", "Text"), ("min_length", t.MinLength), ("max_length", t.MaxLength), ("charset", t.Charset)),
        UnsupportedSpace u => GymMap.Of(("name", NameOf(u.Repr)), ("repr", u.Repr)),
        _ => GymMap.Of(("name", space.GetType().Name), ("repr", space.ToString())),
    };

    private static GymValue Shape(IReadOnlyList<int> shape) => GymValue.List([.. shape.Select(d => (GymValue)d)]);

    private static string NameOf(string repr)
    {
        var paren = repr.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? repr[..paren] : repr;
    }
}
