using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>
/// A gymnasium space on the C# side: it can say whether a value belongs to it, sample values and print
/// itself as gymnasium's <c>repr</c>. Spaces travel as the map form of docs/protocol.md ("Spaces"):
/// <see cref="FromDescription"/> and <see cref="ToDescription"/>.
/// </summary>
/// <remarks>
/// <see cref="Contains"/> answers whether the worker would accept the value as an action: ndarrays follow
/// gymnasium's <c>contains</c> (dtype by <c>np.can_cast</c>, shape, bounds); plain numbers and lists are first
/// converted to the space's dtype when that keeps every value, as the worker does.
/// Sampling uses an internal <see cref="System.Random"/>; like gymnasium's spaces, a space is not thread-safe.
/// </remarks>
public abstract class Space
{
    private protected Space()
    {
    }

    /// <summary>The random source of <see cref="Sample"/>; unseeded until <see cref="Seed"/> is called.</summary>
    private protected Random Random { get; private set; } = new();

    /// <summary>The typed space of a description in the protocol's map form (<see cref="UnsupportedSpace"/> for a type without one).</summary>
    public static Space FromDescription(GymValue description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return SpaceDescription.Parse(description, "space");
    }

    /// <summary>The protocol's map form, as the worker's <c>describe()</c> writes it.</summary>
    public abstract GymValue ToDescription();

    /// <summary>Whether <paramref name="value"/> is an element of the space, as gymnasium's <c>contains</c> decides.</summary>
    public abstract bool Contains(GymValue value);

    /// <summary>A random element of the space, drawn as gymnasium draws it.</summary>
    public abstract GymValue Sample();

    /// <summary>Makes the following samples deterministic; composite spaces seed their subspaces from it.</summary>
    public virtual void Seed(int seed) => Random = new Random(seed);

    /// <summary>gymnasium's <c>repr</c> of the space, e.g. <c>Box(-1.0, 1.0, (1,), float32)</c>.</summary>
    public abstract override string ToString();
}
