using System.Globalization;

namespace GymBridge.Values;

/// <summary>What a <see cref="GymValue"/> holds.</summary>
public enum GymValueKind
{
    /// <summary>Python's None.</summary>
    None,
    /// <summary>A bool.</summary>
    Bool,
    /// <summary>An int (64-bit).</summary>
    Int,
    /// <summary>A float (64- or 32-bit).</summary>
    Float,
    /// <summary>A str.</summary>
    String,
    /// <summary>bytes.</summary>
    Bytes,
    /// <summary>A numpy ndarray (<see cref="NDArray"/>).</summary>
    Array,
    /// <summary>A list or tuple.</summary>
    List,
    /// <summary>A dict (<see cref="GymMap"/>).</summary>
    Map,
}

/// <summary>
/// A value that crossed the bridge: an observation, an action, an info dict, a space description.
/// A small tree in the spirit of <c>System.Text.Json.Nodes</c>: numbers, strings, bytes,
/// ndarrays (<see cref="NDArray"/>), lists and ordered maps.
/// </summary>
public abstract class GymValue
{
    /// <summary>Python's None.</summary>
    public static GymValue None { get; } = new NoneValue();

    /// <summary>What the value holds.</summary>
    public abstract GymValueKind Kind { get; }

    /// <summary>Whether the value is None.</summary>
    public bool IsNone => Kind == GymValueKind.None;

    /// <summary>The map entry under <paramref name="key"/> (the value must be a map).</summary>
    public GymValue this[string key] => AsMap()[key];

    /// <summary>The list item at <paramref name="index"/> (the value must be a list).</summary>
    public GymValue this[int index] => AsList()[index];

    /// <summary>The bool; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual bool AsBoolean() => throw WrongKind("a bool");

    /// <summary>The int; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual long AsInt64() => throw WrongKind("an int");

    /// <summary>The int, which must fit an <see cref="int"/>.</summary>
    public int AsInt32() => checked((int)AsInt64());

    /// <summary>The number as a double; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual double AsDouble() => throw WrongKind("a number");

    /// <summary>The str; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual string AsString() => throw WrongKind("a string");

    /// <summary>The bytes; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual ReadOnlyMemory<byte> AsBytes() => throw WrongKind("bytes");

    /// <summary>The ndarray; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual NDArray AsArray() => throw WrongKind("an ndarray");

    /// <summary>The list items; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual IReadOnlyList<GymValue> AsList() => throw WrongKind("a list");

    /// <summary>The map; throws <see cref="InvalidCastException"/> for another kind.</summary>
    public virtual GymMap AsMap() => throw WrongKind("a map");

    /// <summary>A bool value.</summary>
    public static implicit operator GymValue(bool value) => value ? BoolValue.True : BoolValue.False;

    /// <summary>An int value.</summary>
    public static implicit operator GymValue(long value) => new IntValue(value);

    /// <summary>An int value.</summary>
    public static implicit operator GymValue(int value) => new IntValue(value);

    /// <summary>A float64 value.</summary>
    public static implicit operator GymValue(double value) => new FloatValue(value, isSingle: false);

    /// <summary>A float32 value (it travels as float32).</summary>
    public static implicit operator GymValue(float value) => new FloatValue(value, isSingle: true);

    /// <summary>A str value.</summary>
    public static implicit operator GymValue(string value) => new StringValue(value);

    /// <summary>A bool value (for languages without implicit conversions).</summary>
    public static GymValue FromBool(bool value) => value;

    /// <summary>An int value.</summary>
    public static GymValue FromInt64(long value) => value;

    /// <summary>A float64 value.</summary>
    public static GymValue FromDouble(double value) => value;

    /// <summary>A float32 value.</summary>
    public static GymValue FromSingle(float value) => value;

    /// <summary>A str value.</summary>
    public static GymValue FromString(string value) => value;

    /// <summary>A bytes value.</summary>
    public static GymValue FromBytes(ReadOnlyMemory<byte> value) => new BytesValue(value);

    /// <summary>A list of <paramref name="items"/>.</summary>
    public static GymValue List(params GymValue[] items) => new ListValue(items);

    /// <summary>Deep, bit-exact equality: float32 vs float64, dtype, shape and every byte count.</summary>
    public static bool DeepEquals(GymValue? left, GymValue? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null || left.Kind != right.Kind)
        {
            return false;
        }

        return left.EqualsSameKind(right);
    }

    private protected abstract bool EqualsSameKind(GymValue other);

    private InvalidCastException WrongKind(string wanted) =>
        new($"Expected {wanted} but the value is {Kind}: {this}");

    private sealed class NoneValue : GymValue
    {
        public override GymValueKind Kind => GymValueKind.None;

        public override string ToString() => "None";

        private protected override bool EqualsSameKind(GymValue other) => true;
    }
}

internal sealed class BoolValue(bool value) : GymValue
{
    public static readonly BoolValue True = new(true);
    public static readonly BoolValue False = new(false);

    public override GymValueKind Kind => GymValueKind.Bool;

    public override bool AsBoolean() => value;

    public override long AsInt64() => value ? 1 : 0;

    public override double AsDouble() => value ? 1 : 0;

    public override string ToString() => value ? "True" : "False";

    private protected override bool EqualsSameKind(GymValue other) => other.AsBoolean() == value;
}

internal sealed class IntValue(long value) : GymValue
{
    public override GymValueKind Kind => GymValueKind.Int;

    public override long AsInt64() => value;

    public override double AsDouble() => value;

    public override string ToString() => value.ToString(CultureInfo.InvariantCulture);

    private protected override bool EqualsSameKind(GymValue other) => other is IntValue i && i.AsInt64() == value;
}

/// <summary>
/// A uint64 above <see cref="long.MaxValue"/>, as Python's ints and msgpack's uint64 allow;
/// it re-encodes as a uint64. Smaller values are <see cref="IntValue"/>s (see <see cref="Create"/>).
/// </summary>
internal sealed class UInt64Value : GymValue
{
    private readonly ulong _value;

    private UInt64Value(ulong value) => _value = value;

    public override GymValueKind Kind => GymValueKind.Int;

    public ulong Value => _value;

    public static GymValue Create(ulong value) => value <= long.MaxValue ? new IntValue((long)value) : new UInt64Value(value);

    public override long AsInt64() =>
        throw new OverflowException($"The int {this} does not fit in an Int64 (it is above {long.MaxValue}).");

    public override double AsDouble() => _value;

    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    private protected override bool EqualsSameKind(GymValue other) => other is UInt64Value u && u.Value == _value;
}

/// <summary>A float that remembers whether it was a float32, so it re-encodes bit for bit.</summary>
internal sealed class FloatValue(double value, bool isSingle) : GymValue
{
    public override GymValueKind Kind => GymValueKind.Float;

    public bool IsSingle => isSingle;

    public override double AsDouble() => value;

    public override string ToString() => value.ToString("R", CultureInfo.InvariantCulture);

    private protected override bool EqualsSameKind(GymValue other) =>
        other is FloatValue f && f.IsSingle == isSingle
        && BitConverter.DoubleToInt64Bits(f.AsDouble()) == BitConverter.DoubleToInt64Bits(value);
}

internal sealed class StringValue(string value) : GymValue
{
    public override GymValueKind Kind => GymValueKind.String;

    public override string AsString() => value;

    public override string ToString() => value;

    private protected override bool EqualsSameKind(GymValue other) => other.AsString() == value;
}

internal sealed class BytesValue(ReadOnlyMemory<byte> value) : GymValue
{
    public override GymValueKind Kind => GymValueKind.Bytes;

    public override ReadOnlyMemory<byte> AsBytes() => value;

    public override string ToString() => $"bytes[{value.Length}]";

    private protected override bool EqualsSameKind(GymValue other) => other.AsBytes().Span.SequenceEqual(value.Span);
}

internal sealed class ListValue(GymValue[] items) : GymValue
{
    public override GymValueKind Kind => GymValueKind.List;

    public override IReadOnlyList<GymValue> AsList() => items;

    public override string ToString() => "[" + string.Join(", ", items.Select(i => i.ToString())) + "]";

    private protected override bool EqualsSameKind(GymValue other)
    {
        var others = other.AsList();
        if (others.Count != items.Length)
        {
            return false;
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (!DeepEquals(items[i], others[i]))
            {
                return false;
            }
        }

        return true;
    }
}
