using System.Globalization;
using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>gymnasium's <c>Discrete(n, start)</c>: the ints <c>start, start + 1, ..., start + n - 1</c>.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>gymnasium's <c>Discrete(n, start)</c>.</summary>
    public DiscreteSpace(long n, long start = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (start > long.MaxValue - n + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Discrete({n}, start={start}) does not fit in int64.");
        }

        N = n;
        Start = start;
    }

    /// <summary>How many values the space holds.</summary>
    public long N { get; }

    /// <summary>The smallest value: the space is <c>{Start, ..., Start + N - 1}</c>.</summary>
    public long Start { get; }

    /// <summary>
    /// An int in range. As the worker converts actions, a bool counts as 0 or 1 (Python's bool is an int) and a
    /// float with a whole value as that int; a 0-d ndarray must have an integer dtype that casts safely to int64.
    /// </summary>
    public override bool Contains(GymValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Int128 number;
        if (value is NDArray array)
        {
            if (array.Shape.Count != 0 || !array.DType.IsInteger || !DTypeCasting.CanCastSafely(array.DType, DType.Int64))
            {
                return false;
            }

            number = ArrayElements.GetInteger(array, 0);
        }
        else if (!ListConversion.TryGetInteger(value, out number))
        {
            return false;
        }

        return number >= Start && number - Start < N;
    }

    /// <inheritdoc />
    public override GymValue Sample() => Start + Random.NextInt64(N);

    /// <inheritdoc />
    public override GymValue ToDescription() => GymMap.Of(("type", "Discrete"), ("n", N), ("start", Start));

    /// <inheritdoc />
    public override string ToString() => Start == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Discrete({N})")
        : string.Create(CultureInfo.InvariantCulture, $"Discrete({N}, start={Start})");
}
