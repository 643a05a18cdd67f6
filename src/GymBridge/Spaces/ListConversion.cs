using System.Diagnostics.CodeAnalysis;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// Plain numbers and (nested) lists of numbers as an ndarray of a space's dtype, converted the way the worker
/// converts actions (python_worker/gymbridge_worker/spaces.py): refused when a value would change
/// (0.5 to an int, 300 to uint8, 1e39 to float32) or the list is not rectangular.
/// </summary>
internal static class ListConversion
{
    public static bool TryToArray(GymValue value, DType dtype, [NotNullWhen(true)] out NDArray? array)
    {
        array = null;
        var shape = ShapeOf(value);
        var items = new List<GymValue>();
        if (!TryFlatten(value, shape, 0, items))
        {
            return false;
        }

        if (dtype.IsFloatingPoint)
        {
            var floats = new double[items.Count];
            for (var i = 0; i < floats.Length; i++)
            {
                var number = items[i].AsDouble();
                floats[i] = ArrayElements.RoundTo(dtype, number);
                if (double.IsFinite(number) != double.IsFinite(floats[i]))
                {
                    return false;
                }
            }

            array = ArrayElements.FromDoubles(dtype, shape, floats);
            return true;
        }

        var (min, max) = ArrayElements.Range(dtype);
        var integers = new Int128[items.Count];
        for (var i = 0; i < integers.Length; i++)
        {
            if (!TryGetInteger(items[i], out integers[i]) || integers[i] < min || integers[i] > max)
            {
                return false;
            }
        }

        array = ArrayElements.FromIntegers(dtype, shape, integers);
        return true;
    }

    /// <summary>An int, a bool, or a float with a whole value.</summary>
    public static bool TryGetInteger(GymValue number, out Int128 value)
    {
        value = 0;
        switch (number.Kind)
        {
            case GymValueKind.Int or GymValueKind.Bool:
                value = number.AsInt64();
                return true;
            case GymValueKind.Float:
                var x = number.AsDouble();
                if (!double.IsFinite(x) || Math.Floor(x) != x || Math.Abs(x) >= 1e38)
                {
                    return false;
                }

                value = (Int128)x;
                return true;
            default:
                return false;
        }
    }

    private static bool IsNumber(GymValue value) => value.Kind is GymValueKind.Int or GymValueKind.Float or GymValueKind.Bool;

    /// <summary>The shape NumPy would infer, following the first element of every list.</summary>
    private static int[] ShapeOf(GymValue value)
    {
        var shape = new List<int>();
        while (value.Kind == GymValueKind.List)
        {
            var items = value.AsList();
            shape.Add(items.Count);
            if (items.Count == 0)
            {
                break;
            }

            value = items[0];
        }

        return [.. shape];
    }

    private static bool TryFlatten(GymValue value, int[] shape, int depth, List<GymValue> items)
    {
        if (depth == shape.Length)
        {
            items.Add(value);
            return IsNumber(value);
        }

        if (value.Kind != GymValueKind.List || value.AsList().Count != shape[depth])
        {
            return false;
        }

        foreach (var item in value.AsList())
        {
            if (!TryFlatten(item, shape, depth + 1, items))
            {
                return false;
            }
        }

        return true;
    }
}
