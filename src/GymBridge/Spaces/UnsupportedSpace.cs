using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// A space the protocol has no typed form for (Graph, Sequence, OneOf, custom spaces). Its values still travel;
/// only the worker can check or sample them, so <see cref="Contains"/> and <see cref="Sample"/> throw
/// <see cref="NotSupportedException"/> rather than give an answer that may be wrong.
/// </summary>
public sealed class UnsupportedSpace : Space
{
    /// <summary>A space known only by Python's <c>repr()</c> of it.</summary>
    public UnsupportedSpace(string repr)
    {
        ArgumentNullException.ThrowIfNull(repr);
        Repr = repr;
    }

    /// <summary>Python's <c>repr()</c> of the space.</summary>
    public string Repr { get; }

    /// <exception cref="NotSupportedException">Always: ask the worker (the <c>contains</c> operation).</exception>
    public override bool Contains(GymValue value) =>
        throw new NotSupportedException($"GymBridge cannot check values of {Repr} in C#; the worker's contains operation can.");

    /// <exception cref="NotSupportedException">Always: ask the worker (the <c>sample</c> operation).</exception>
    public override GymValue Sample() =>
        throw new NotSupportedException($"GymBridge cannot sample {Repr} in C#; the worker's sample operation can.");

    /// <inheritdoc />
    public override GymValue ToDescription() => GymMap.Of(("type", "Unsupported"), ("repr", Repr));

    /// <inheritdoc />
    public override string ToString() => Repr;
}
