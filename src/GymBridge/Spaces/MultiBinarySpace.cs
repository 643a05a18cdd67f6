using System.Globalization;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>gymnasium's <c>MultiBinary(n)</c>: int8 ndarrays of a fixed shape holding 0s and 1s.</summary>
public sealed class MultiBinarySpace : Space
{
    private readonly int[] _shape;

    /// <summary>gymnasium's <c>MultiBinary(shape)</c>: arrays of 0 and 1 of that shape.</summary>
    public MultiBinarySpace(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(dim => dim <= 0))
        {
            throw new ArgumentException($"MultiBinary needs positive dimensions, got {PythonRepr.Shape(shape)}.", nameof(shape));
        }

        _shape = [.. shape];
    }

    /// <summary>The shape of the space's elements.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Samples are int8, as in gymnasium.</summary>
    public static DType DType => DType.Int8;

    /// <summary>As gymnasium, any ndarray of the shape whose elements are 0 or 1, whatever its dtype.</summary>
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var array = value as NDArray;
        if (array is null && !ListConversion.TryToArray(value, DType, out array))
        {
            return false;
        }

        if (!array.Shape.SequenceEqual(_shape))
        {
            return false;
        }

        for (var i = 0; i < array.Length; i++)
        {
            if (array.GetDouble(i) is not (0 or 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override GymValue Sample()
    {
        var count = _shape.Aggregate(1, (product, dim) => product * dim);
        var bits = new sbyte[count];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = (sbyte)Random.Next(2);
        }

        return NDArray.From(bits, _shape);
    }

    /// <inheritdoc />
    public override GymValue ToDescription() =>
        GymMap.Of(("type", "MultiBinary"), ("shape", GymValue.List([.. _shape.Select(d => (GymValue)d)])));

    /// <summary>gymnasium prints <c>MultiBinary(5)</c> for an int n and the shape tuple otherwise; a 1-d space prints as the int.</summary>
    public override string ToString() => _shape.Length == 1
        ? string.Create(CultureInfo.InvariantCulture, $"MultiBinary({_shape[0]})")
        : $"MultiBinary({PythonRepr.Shape(_shape)})";
}
