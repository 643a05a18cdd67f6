using System.Buffers.Binary;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// Reads and writes ndarray elements whatever their dtype: integers (and bools) exactly as
/// <see cref="Int128"/>, which holds every int64 and uint64, floats as <see cref="double"/>.
/// </summary>
internal static class ArrayElements
{
    /// <summary>The smallest and largest value of an integer or bool dtype.</summary>
    public static (Int128 Min, Int128 Max) Range(DType dtype) => dtype.Code[1..] switch
    {
        "b1" => (0, 1),
        "i1" => (sbyte.MinValue, sbyte.MaxValue),
        "u1" => (byte.MinValue, byte.MaxValue),
        "i2" => (short.MinValue, short.MaxValue),
        "u2" => (ushort.MinValue, ushort.MaxValue),
        "i4" => (int.MinValue, int.MaxValue),
        "u4" => (uint.MinValue, uint.MaxValue),
        "i8" => (long.MinValue, long.MaxValue),
        "u8" => (ulong.MinValue, ulong.MaxValue),
        _ => throw new ArgumentException($"{dtype} is not an integer dtype.", nameof(dtype)),
    };

    public static Int128 GetInteger(NDArray array, int index)
    {
        var bytes = array.Data.Span[(index * array.DType.ItemSize)..];
        return array.DType.Code[1..] switch
        {
            "b1" => bytes[0] != 0 ? 1 : 0,
            "i1" => (sbyte)bytes[0],
            "u1" => bytes[0],
            "i2" => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            "u2" => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            "i4" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            "u4" => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            "i8" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            "u8" => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            _ => throw new InvalidOperationException($"An ndarray of {array.DType} has no integer elements."),
        };
    }

    public static double[] ToDoubles(NDArray array)
    {
        var values = new double[array.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = array.GetDouble(i);
        }

        return values;
    }

    /// <summary>Builds an ndarray of an integer or bool dtype; every value must be in the dtype's range.</summary>
    public static NDArray FromIntegers(DType dtype, int[] shape, ReadOnlySpan<Int128> values)
    {
        var data = new byte[values.Length * dtype.ItemSize];
        for (var i = 0; i < values.Length; i++)
        {
            WriteInteger(data.AsSpan(i * dtype.ItemSize), dtype, values[i]);
        }

        return new NDArray(dtype, shape, data);
    }

    /// <summary>Builds an ndarray of a float dtype, rounding each value to it (as NumPy's <c>astype</c>).</summary>
    public static NDArray FromDoubles(DType dtype, int[] shape, ReadOnlySpan<double> values)
    {
        var data = new byte[values.Length * dtype.ItemSize];
        for (var i = 0; i < values.Length; i++)
        {
            var target = data.AsSpan(i * dtype.ItemSize);
            switch (dtype.Code[1..])
            {
                case "f2":
                    BinaryPrimitives.WriteHalfLittleEndian(target, (Half)values[i]);
                    break;
                case "f4":
                    BinaryPrimitives.WriteSingleLittleEndian(target, (float)values[i]);
                    break;
                case "f8":
                    BinaryPrimitives.WriteDoubleLittleEndian(target, values[i]);
                    break;
                default:
                    throw new ArgumentException($"{dtype} is not a float dtype.", nameof(dtype));
            }
        }

        return new NDArray(dtype, shape, data);
    }

    /// <summary><paramref name="value"/> as the float dtype holds it (float32 rounds, float16 may overflow to infinity).</summary>
    public static double RoundTo(DType dtype, double value) => dtype.Code[1..] switch
    {
        "f2" => (double)(Half)value,
        "f4" => (float)value,
        _ => value,
    };

    private static void WriteInteger(Span<byte> target, DType dtype, Int128 value)
    {
        var (min, max) = Range(dtype);
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit {dtype}.");
        }

        switch (dtype.Code[1..])
        {
            case "b1" or "i1" or "u1":
                target[0] = unchecked((byte)(long)value);
                break;
            case "i2" or "u2":
                BinaryPrimitives.WriteUInt16LittleEndian(target, unchecked((ushort)(long)value));
                break;
            case "i4" or "u4":
                BinaryPrimitives.WriteUInt32LittleEndian(target, unchecked((uint)(long)value));
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(target, unchecked((ulong)value));
                break;
        }
    }
}
