using System.Runtime.InteropServices;

namespace GymBridge.Values;

/// <summary>
/// A NumPy array that crossed the bridge: dtype, shape and the C-order bytes.
/// Read it as a typed span with <see cref="AsSpan{T}"/> (no copy) or copy it out with <see cref="ToArray{T}"/>.
/// </summary>
public sealed class NDArray : GymValue
{
    /// <summary>An array of <paramref name="dtype"/> and <paramref name="shape"/> over <paramref name="data"/> (C order, little-endian).</summary>
    public NDArray(DType dtype, int[] shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        long expected = dtype.ItemSize;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Negative dimension in shape ({string.Join(", ", shape)}).", nameof(shape));
            }

            expected *= dim;
        }

        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"An ndarray of {dtype} with shape ({string.Join(", ", shape)}) needs {expected} bytes, got {data.Length}.", nameof(data));
        }

        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The shape (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The raw little-endian, C-order element bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>How many elements the array holds.</summary>
    public int Length => Data.Length / DType.ItemSize;

    /// <inheritdoc />
    public override GymValueKind Kind => GymValueKind.Array;

    /// <summary>An array of <paramref name="values"/> with <paramref name="shape"/> (one dimension when none is given).</summary>
    public static NDArray From<T>(T[] values, params int[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        return new NDArray(DType.Of<T>(), shape.Length == 0 ? [values.Length] : shape, bytes);
    }

    /// <summary>A 0-dimensional array (NumPy's <c>np.array(x)</c>).</summary>
    public static NDArray Scalar<T>(T value) where T : unmanaged =>
        new(DType.Of<T>(), [], MemoryMarshal.AsBytes(new[] { value }.AsSpan()).ToArray());

    /// <summary>The elements as <typeparamref name="T"/>, which must be the dtype's <see cref="DType.ClrType"/>.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        CheckElementType<T>();
        return MemoryMarshal.Cast<byte, T>(Data.Span);
    }

    /// <summary>A copy of the elements as <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>Element <paramref name="index"/> (flat, C order) converted to double, whatever the dtype.</summary>
    public double GetDouble(int index)
    {
        var span = Data.Span;
        var offset = index * DType.ItemSize;
        return DType.Code[1..] switch
        {
            "b1" => span[offset] != 0 ? 1 : 0,
            "i1" => (sbyte)span[offset],
            "u1" => span[offset],
            "i2" => MemoryMarshal.Read<short>(span[offset..]),
            "u2" => MemoryMarshal.Read<ushort>(span[offset..]),
            "i4" => MemoryMarshal.Read<int>(span[offset..]),
            "u4" => MemoryMarshal.Read<uint>(span[offset..]),
            "i8" => MemoryMarshal.Read<long>(span[offset..]),
            "u8" => MemoryMarshal.Read<ulong>(span[offset..]),
            "f2" => (double)MemoryMarshal.Read<Half>(span[offset..]),
            "f4" => MemoryMarshal.Read<float>(span[offset..]),
            _ => MemoryMarshal.Read<double>(span[offset..]),
        };
    }

    /// <inheritdoc />
    public override NDArray AsArray() => this;

    /// <inheritdoc />
    public override string ToString()
    {
        const int shown = 8;
        var items = Enumerable.Range(0, Math.Min(Length, shown)).Select(i => GetDouble(i).ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
        return $"array([{string.Join(", ", items)}{(Length > shown ? ", ..." : string.Empty)}], dtype={DType}, shape=({string.Join(", ", Shape)}))";
    }

    private protected override bool EqualsSameKind(GymValue other) =>
        other is NDArray array && array.DType == DType && array.Shape.SequenceEqual(Shape) && array.Data.Span.SequenceEqual(Data.Span);

    private void CheckElementType<T>() where T : unmanaged
    {
        if (typeof(T) != DType.ClrType)
        {
            throw new InvalidCastException($"This ndarray holds {DType}, not {typeof(T).Name}.");
        }
    }
}
