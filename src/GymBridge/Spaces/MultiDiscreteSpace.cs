using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// gymnasium's <c>MultiDiscrete(nvec, dtype, start)</c>: integer ndarrays of nvec's shape with
/// <c>start[i] &lt;= x[i] &lt; start[i] + nvec[i]</c>.
/// </summary>
public sealed class MultiDiscreteSpace : Space
{
    /// <param name="nvec">The number of values of each element, an ndarray of an integer dtype (the space's dtype).</param>
    /// <param name="start">The smallest value of each element, same dtype and shape; zeros when null.</param>
    public MultiDiscreteSpace(NDArray nvec, NDArray? start = null)
    {
        ArgumentNullException.ThrowIfNull(nvec);
        if (!nvec.DType.IsInteger)
        {
            throw new ArgumentException($"MultiDiscrete needs an integer dtype, got {nvec.DType}.", nameof(nvec));
        }

        start ??= ArrayElements.FromIntegers(nvec.DType, [.. nvec.Shape], new Int128[nvec.Length]);
        if (start.DType != nvec.DType || !start.Shape.SequenceEqual(nvec.Shape))
        {
            throw new ArgumentException(
                $"MultiDiscrete start must match nvec ({nvec.DType} {PythonRepr.Shape(nvec.Shape)}), got {start.DType} {PythonRepr.Shape(start.Shape)}.",
                nameof(start));
        }

        var (_, max) = ArrayElements.Range(nvec.DType);
        for (var i = 0; i < nvec.Length; i++)
        {
            var count = ArrayElements.GetInteger(nvec, i);
            if (count <= 0 || count > long.MaxValue || ArrayElements.GetInteger(start, i) + count - 1 > max)
            {
                throw new ArgumentException(
                    $"MultiDiscrete nvec must be positive (at most int64's maximum) and start + nvec - 1 must fit {nvec.DType}; element {i} has nvec={count}.",
                    nameof(nvec));
            }
        }

        Nvec = nvec;
        Start = start;
    }

    /// <summary>A one-dimensional int64 MultiDiscrete, as gymnasium's <c>MultiDiscrete([5, 2, 2])</c>.</summary>
    public MultiDiscreteSpace(params long[] nvec)
        : this(NDArray.From(nvec ?? throw new ArgumentNullException(nameof(nvec))))
    {
    }

    /// <summary>The number of values of each component.</summary>
    public NDArray Nvec { get; }

    /// <summary>The smallest value of each component.</summary>
    public NDArray Start { get; }

    /// <summary>The dtype of the space's elements.</summary>
    public DType DType => Nvec.DType;

    /// <summary>The shape of the space's elements.</summary>
    public IReadOnlyList<int> Shape => Nvec.Shape;

    /// <inheritdoc />
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var array = value as NDArray;
        if (array is null && !ListConversion.TryToArray(value, DType, out array))
        {
            return false;
        }

        if (!array.Shape.SequenceEqual(Shape) || !DTypeCasting.CanCastSafely(array.DType, DType))
        {
            return false;
        }

        for (var i = 0; i < array.Length; i++)
        {
            var offset = ArrayElements.GetInteger(array, i) - ArrayElements.GetInteger(Start, i);
            if (offset < 0 || offset >= ArrayElements.GetInteger(Nvec, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override GymValue Sample()
    {
        var values = new Int128[Nvec.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ArrayElements.GetInteger(Start, i) + Random.NextInt64((long)ArrayElements.GetInteger(Nvec, i));
        }

        return ArrayElements.FromIntegers(DType, [.. Shape], values);
    }

    /// <inheritdoc />
    public override GymValue ToDescription() =>
        GymMap.Of(("type", "MultiDiscrete"), ("nvec", Nvec), ("start", Start), ("dtype", DType.Code));

    /// <inheritdoc />
    public override string ToString()
    {
        var hasStart = Enumerable.Range(0, Start.Length).Any(i => ArrayElements.GetInteger(Start, i) != 0);
        return hasStart
            ? $"MultiDiscrete({NumPyFormat.Array(Nvec)}, start={NumPyFormat.Array(Start)})"
            : $"MultiDiscrete({NumPyFormat.Array(Nvec)})";
    }
}
