namespace GymBridge.Values;

/// <summary>
/// An ndarray element type, named by NumPy's <c>dtype.str</c> (for example <c>"&lt;f4"</c>).
/// Only little-endian and byte-sized types travel on the wire.
/// </summary>
public sealed class DType : IEquatable<DType>
{
    /// <summary>numpy's <c>bool</c>.</summary>
    public static readonly DType Bool = new("|b1", 1, typeof(bool), "bool");
    /// <summary>numpy's <c>int8</c>.</summary>
    public static readonly DType Int8 = new("|i1", 1, typeof(sbyte), "int8");
    /// <summary>numpy's <c>uint8</c>.</summary>
    public static readonly DType UInt8 = new("|u1", 1, typeof(byte), "uint8");
    /// <summary>numpy's <c>int16</c>.</summary>
    public static readonly DType Int16 = new("<i2", 2, typeof(short), "int16");
    /// <summary>numpy's <c>uint16</c>.</summary>
    public static readonly DType UInt16 = new("<u2", 2, typeof(ushort), "uint16");
    /// <summary>numpy's <c>int32</c>.</summary>
    public static readonly DType Int32 = new("<i4", 4, typeof(int), "int32");
    /// <summary>numpy's <c>uint32</c>.</summary>
    public static readonly DType UInt32 = new("<u4", 4, typeof(uint), "uint32");
    /// <summary>numpy's <c>int64</c>.</summary>
    public static readonly DType Int64 = new("<i8", 8, typeof(long), "int64");
    /// <summary>numpy's <c>uint64</c>.</summary>
    public static readonly DType UInt64 = new("<u8", 8, typeof(ulong), "uint64");
    /// <summary>numpy's <c>float16</c>.</summary>
    public static readonly DType Float16 = new("<f2", 2, typeof(Half), "float16");
    /// <summary>numpy's <c>float32</c>.</summary>
    public static readonly DType Float32 = new("<f4", 4, typeof(float), "float32");
    /// <summary>numpy's <c>float64</c>.</summary>
    public static readonly DType Float64 = new("<f8", 8, typeof(double), "float64");

    private static readonly DType[] All =
        [Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float16, Float32, Float64];

    private DType(string code, int itemSize, Type clrType, string name)
    {
        Code = code;
        ItemSize = itemSize;
        ClrType = clrType;
        Name = name;
    }

    /// <summary>NumPy's <c>dtype.str</c>, as on the wire.</summary>
    public string Code { get; }

    /// <summary>NumPy's <c>dtype.name</c> (<c>float32</c>, <c>uint8</c>...).</summary>
    public string Name { get; }

    /// <summary>Bytes per element.</summary>
    public int ItemSize { get; }

    /// <summary>The .NET type of one element.</summary>
    public Type ClrType { get; }

    /// <summary>Whether the dtype is a float type.</summary>
    public bool IsFloatingPoint => Code[1] == 'f';

    /// <summary>Whether the dtype is a signed or unsigned integer type.</summary>
    public bool IsInteger => Code[1] is 'i' or 'u';

    /// <summary>Parses a wire code (<c>"&lt;f4"</c>) or a NumPy name (<c>"float32"</c>).</summary>
    public static DType Parse(string codeOrName)
    {
        ArgumentNullException.ThrowIfNull(codeOrName);
        foreach (var dtype in All)
        {
            if (dtype.Code == codeOrName || dtype.Name == codeOrName)
            {
                return dtype;
            }
        }

        // NumPy writes '=' for native order and '|' for byte-sized types; both mean the same here.
        if (codeOrName.Length == 3 && codeOrName[0] is '=' or '|' or '<')
        {
            foreach (var dtype in All)
            {
                if (dtype.Code.AsSpan(1).SequenceEqual(codeOrName.AsSpan(1)))
                {
                    return dtype;
                }
            }
        }

        throw new NotSupportedException($"dtype '{codeOrName}' is not supported (supported: {string.Join(", ", All.Select(d => d.Name))}).");
    }

    /// <summary>
    /// The dtype whose wire code <paramref name="utf8"/> is (<c>&lt;f4</c>, or with <c>=</c> or <c>|</c> for the order), without
    /// making a string; <see langword="null"/> for anything else, which <see cref="Parse"/> then judges.
    /// </summary>
    internal static DType? FromWireCode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length != 3 || utf8[0] is not ((byte)'<' or (byte)'|' or (byte)'='))
        {
            return null;
        }

        return (utf8[1], utf8[2]) switch
        {
            ((byte)'f', (byte)'4') => Float32,
            ((byte)'f', (byte)'8') => Float64,
            ((byte)'f', (byte)'2') => Float16,
            ((byte)'u', (byte)'1') => UInt8,
            ((byte)'i', (byte)'1') => Int8,
            ((byte)'b', (byte)'1') => Bool,
            ((byte)'i', (byte)'2') => Int16,
            ((byte)'u', (byte)'2') => UInt16,
            ((byte)'i', (byte)'4') => Int32,
            ((byte)'u', (byte)'4') => UInt32,
            ((byte)'i', (byte)'8') => Int64,
            ((byte)'u', (byte)'8') => UInt64,
            _ => null,
        };
    }

    /// <summary>The dtype whose elements are <typeparamref name="T"/>.</summary>
    public static DType Of<T>() where T : unmanaged
    {
        foreach (var dtype in All)
        {
            if (dtype.ClrType == typeof(T))
            {
                return dtype;
            }
        }

        throw new NotSupportedException($"{typeof(T).Name} is not an ndarray element type.");
    }

    /// <summary>Dtypes are singletons: equal when they are the same instance.</summary>
    public bool Equals(DType? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc />
    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;
}
