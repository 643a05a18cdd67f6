using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Vector;

/// <summary>How one env's value of a space sits in a shared buffer; null for spaces that travel serialized.</summary>
internal sealed record ArrayLayout(DType DType, int[] ElementShape)
{
    public int ElementBytes { get; } = DType.ItemSize * ElementShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The element layout gymnasium's batching gives a space (Discrete batches as int64).</summary>
    public static ArrayLayout? For(Space space) => space switch
    {
        DiscreteSpace => new ArrayLayout(DType.Int64, []),
        BoxSpace box => new ArrayLayout(box.DType, [.. box.Shape]),
        MultiBinarySpace binary => new ArrayLayout(MultiBinarySpace.DType, [.. binary.Shape]),
        MultiDiscreteSpace multi => new ArrayLayout(multi.DType, [.. multi.Shape]),
        _ => null,
    };
}
