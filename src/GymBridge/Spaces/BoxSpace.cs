using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// gymnasium's <c>Box(low, high, shape, dtype)</c>: ndarrays of one shape and dtype, each element within its bounds.
/// </summary>
/// <remarks>
/// An element is unbounded below when its low is -inf and above when its high is +inf. gymnasium stores an
/// infinite bound of a signed integer Box as the dtype's minimum or maximum, so for those dtypes the extreme
/// values count as unbounded too (only the sampling distribution depends on it).
/// </remarks>
public sealed class BoxSpace : Space
{
    private readonly bool[] _boundedBelow;
    private readonly bool[] _boundedAbove;

    /// <summary>A Box with per-element bounds: two ndarrays of the same dtype and shape.</summary>
    public BoxSpace(NDArray low, NDArray high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.DType != high.DType || !low.Shape.SequenceEqual(high.Shape))
        {
            throw new ArgumentException(
                $"Box low and high must have the same dtype and shape, got {low.DType} {PythonRepr.Shape(low.Shape)} and {high.DType} {PythonRepr.Shape(high.Shape)}.");
        }

        LowArray = low;
        HighArray = high;
        Low = ArrayElements.ToDoubles(low);
        High = ArrayElements.ToDoubles(high);
        var integral = !DType.IsFloatingPoint;
        var (min, max) = integral ? ArrayElements.Range(DType) : (Int128.Zero, Int128.Zero);
        var signed = DType.Code[1] == 'i';
        _boundedBelow = new bool[Low.Count];
        _boundedAbove = new bool[Low.Count];
        for (var i = 0; i < Low.Count; i++)
        {
            if (double.IsNaN(Low[i]) || double.IsNaN(High[i]) || !(integral ? Lowest(i) <= Highest(i) : Low[i] <= High[i]))
            {
                throw new ArgumentException($"Box bounds must satisfy low <= high without NaN, element {i} has low={Low[i]}, high={High[i]}.");
            }

            _boundedBelow[i] = integral ? !signed || Lowest(i) != min : !double.IsNegativeInfinity(Low[i]);
            _boundedAbove[i] = integral ? !signed || Highest(i) != max : !double.IsPositiveInfinity(High[i]);
        }
    }

    /// <summary>
    /// gymnasium's <c>Box(low, high, shape, dtype)</c> with scalar bounds; for a signed integer dtype an infinite
    /// bound becomes the dtype's minimum or maximum, as in gymnasium.
    /// </summary>
    public BoxSpace(double low, double high, int[] shape, DType dtype)
        : this(Filled(low, shape, dtype, nameof(low)), Filled(high, shape, dtype, nameof(high)))
    {
    }

    /// <summary>The shape of the space's elements.</summary>
    public IReadOnlyList<int> Shape => LowArray.Shape;

    /// <summary>The dtype of the space's elements.</summary>
    public DType DType => LowArray.DType;

    /// <summary>The lower bounds, flattened in C order (-inf where unbounded for float dtypes).</summary>
    public IReadOnlyList<double> Low { get; }

    /// <summary>The upper bounds, flattened in C order (+inf where unbounded for float dtypes).</summary>
    public IReadOnlyList<double> High { get; }

    /// <summary>The lower bounds as they travel: an ndarray of the space's dtype and shape.</summary>
    public NDArray LowArray { get; }

    /// <summary>The upper bounds as they travel: an ndarray of the space's dtype and shape.</summary>
    public NDArray HighArray { get; }

    /// <summary>Whether every lower bound is finite (gymnasium's <c>is_bounded("below")</c>).</summary>
    public bool IsBoundedBelow => _boundedBelow.All(b => b);

    /// <summary>Whether every upper bound is finite (gymnasium's <c>is_bounded("above")</c>).</summary>
    public bool IsBoundedAbove => _boundedAbove.All(b => b);

    /// <summary>Whether every bound is finite (gymnasium's <c>is_bounded()</c>).</summary>
    public bool IsBounded => IsBoundedBelow && IsBoundedAbove;

    /// <summary>An action of the space's dtype and shape from C-order values (rounded to float32, say).</summary>
    /// <exception cref="ArgumentException">Wrong length, or a value an integer dtype cannot hold exactly.</exception>
    public GymValue CreateAction(ReadOnlySpan<float> values)
    {
        var doubles = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            doubles[i] = values[i];
        }

        return CreateAction(doubles);
    }

    /// <inheritdoc cref="CreateAction(ReadOnlySpan{float})"/>
    public GymValue CreateAction(ReadOnlySpan<double> values)
    {
        if (values.Length != Low.Count)
        {
            throw new ArgumentException($"{this} needs {Low.Count} values for shape {PythonRepr.Shape(Shape)}, got {values.Length}.", nameof(values));
        }

        if (DType.IsFloatingPoint)
        {
            return ArrayElements.FromDoubles(DType, [.. Shape], values);
        }

        var integers = new Int128[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            integers[i] = ToInteger(values[i], DType, nameof(values));
        }

        return ArrayElements.FromIntegers(DType, [.. Shape], integers);
    }

    /// <inheritdoc />
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is NDArray array)
        {
            return array.Shape.SequenceEqual(Shape) && DTypeCasting.CanCastSafely(array.DType, DType) && WithinBounds(array);
        }

        return ListConversion.TryToArray(value, DType, out var converted) && converted.Shape.SequenceEqual(Shape) && WithinBounds(converted);
    }

    /// <summary>
    /// As gymnasium: uniform on bounded elements, normal on unbounded ones, a shifted exponential on half-bounded
    /// ones; integer dtypes floor the draw (the upper bound is then inclusive).
    /// </summary>
    public override GymValue Sample()
    {
        var draws = new double[Low.Count];
        var integral = !DType.IsFloatingPoint;
        for (var i = 0; i < draws.Length; i++)
        {
            var high = integral ? High[i] + 1 : High[i];
            draws[i] = (_boundedBelow[i], _boundedAbove[i]) switch
            {
                (false, false) => Normal(),
                (true, false) => Low[i] + Exponential(),
                (false, true) => high - Exponential(),
                _ => Uniform(Low[i], high),
            };
        }

        if (!integral)
        {
            return ArrayElements.FromDoubles(DType, [.. Shape], draws);
        }

        // gymnasium clips signed draws to [min + 2, max - 2] before the cast; the clamp to the bounds keeps int64 exact.
        var (min, max) = ArrayElements.Range(DType);
        var (safeMin, safeMax) = DType.Code[1] == 'i' ? (min + 2, max - 2) : (min, max);
        var integers = new Int128[draws.Length];
        for (var i = 0; i < draws.Length; i++)
        {
            var floored = (Int128)Math.Clamp(Math.Floor(draws[i]), (double)safeMin, (double)safeMax);
            integers[i] = Int128.Clamp(floored, Lowest(i), Highest(i));
        }

        return ArrayElements.FromIntegers(DType, [.. Shape], integers);
    }

    /// <inheritdoc />
    public override GymValue ToDescription() => GymMap.Of(
        ("type", "Box"),
        ("low", LowArray),
        ("high", HighArray),
        ("shape", GymValue.List([.. Shape.Select(d => (GymValue)d)])),
        ("dtype", DType.Code));

    /// <inheritdoc />
    public override string ToString() =>
        $"Box({ShortRepr(LowArray)}, {ShortRepr(HighArray)}, {PythonRepr.Shape(Shape)}, {DType.Name})";

    /// <summary>gymnasium's array_short_repr: the common value when all bounds are equal, else the whole array.</summary>
    private static string ShortRepr(NDArray array)
    {
        var values = ArrayElements.ToDoubles(array);
        var allEqual = array.DType.IsFloatingPoint
            ? values.Length > 0 && values.All(v => v == values[0])
            : array.Length > 0 && Enumerable.Range(0, array.Length).All(i => ArrayElements.GetInteger(array, i) == ArrayElements.GetInteger(array, 0));
        return allEqual ? NumPyFormat.Scalar(array, 0) : NumPyFormat.Array(array);
    }

    private static NDArray Filled(double bound, int[] shape, DType dtype, string name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(dtype);
        var count = shape.Aggregate(1, (product, dim) => product * dim);
        if (dtype.IsFloatingPoint)
        {
            return ArrayElements.FromDoubles(dtype, shape, Enumerable.Repeat(bound, count).ToArray());
        }

        var (min, max) = ArrayElements.Range(dtype);
        var value = double.IsInfinity(bound) && dtype.Code[1] == 'i'
            ? (double.IsNegative(bound) ? min : max)
            : ToInteger(bound, dtype, name);
        return ArrayElements.FromIntegers(dtype, shape, Enumerable.Repeat(value, count).ToArray());
    }

    private static Int128 ToInteger(double value, DType dtype, string name)
    {
        var (min, max) = ArrayElements.Range(dtype);
        if (!ListConversion.TryGetInteger(value, out var integer) || integer < min || integer > max)
        {
            throw new ArgumentException($"{value} is not a whole number that {dtype} can hold.", name);
        }

        return integer;
    }

    private Int128 Lowest(int index) => ArrayElements.GetInteger(LowArray, index);

    private Int128 Highest(int index) => ArrayElements.GetInteger(HighArray, index);

    private bool WithinBounds(NDArray array)
    {
        // Integers against integer bounds compare exactly; anything else compares as float64, as NumPy promotes.
        var exact = !array.DType.IsFloatingPoint && !DType.IsFloatingPoint;
        for (var i = 0; i < array.Length; i++)
        {
            if (exact)
            {
                var integer = ArrayElements.GetInteger(array, i);
                if (integer < Lowest(i) || integer > Highest(i))
                {
                    return false;
                }
            }
            else if (!(array.GetDouble(i) >= Low[i] && array.GetDouble(i) <= High[i]))
            {
                return false;
            }
        }

        return true;
    }

    private double Uniform(double low, double high)
    {
        var r = Random.NextDouble();
        // Written as a weighted mean so that the full float64 range does not overflow.
        return Math.Clamp((low * (1 - r)) + (high * r), low, high);
    }

    private double Exponential() => -Math.Log(1 - Random.NextDouble());

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - Random.NextDouble())) * Math.Cos(2 * Math.PI * Random.NextDouble());
}
