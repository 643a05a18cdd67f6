using GymBridge.Cluster.Silo;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace GymBridge.Cluster.Placement;

/// <summary>A grain lives on the silo its key names (<see cref="ClusterKeys"/>).</summary>
[Serializable, GenerateSerializer, Immutable]
internal sealed class OwnerSiloPlacement : PlacementStrategy
{
    public static OwnerSiloPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class OwnerSiloPlacementAttribute() : PlacementAttribute(OwnerSiloPlacement.Instance);

/// <summary>
/// Places a grain on the live silo its key names. A key whose silo is not live (it died, or never was) is placed on
/// the local silo, where the grain finds it is not its own and answers lost or unknown: Orleans' default, a fresh
/// activation on any silo, never gets a chance to stand in for an env that is gone.
/// </summary>
internal sealed class OwnerSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var token = ClusterKeys.TokenOf(target.GrainIdentity.Key.ToString() ?? string.Empty);
        var owner = token is null ? null : ClusterKeys.Find(token, context.GetCompatibleSilos(target));
        return Task.FromResult(owner ?? context.LocalSilo);
    }
}
