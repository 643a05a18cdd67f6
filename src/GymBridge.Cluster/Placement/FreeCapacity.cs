using GymBridge.Cluster.Grains;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Runtime.Placement;

namespace GymBridge.Cluster.Placement;

/// <summary>A grain goes to the silo with the most free worker capacity.</summary>
[Serializable, GenerateSerializer, Immutable]
internal sealed class FreeCapacityPlacement : PlacementStrategy
{
    public static FreeCapacityPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class FreeCapacityPlacementAttribute() : PlacementAttribute(FreeCapacityPlacement.Instance);

/// <summary>
/// Asks every compatible silo for its report and picks the one with the most free worker capacity (live workers ×
/// EnvsPerWorker − envs), not the least CPU load: silos sharing a machine share its CPU, while their workers are their own.
/// A make this director placed counts against its silo until the silo's reports show it begun (their <c>Made</c>
/// count has caught up), so a burst of makes spreads instead of piling onto the silo that was emptiest a moment ago.
/// </summary>
internal sealed class FreeCapacityPlacementDirector(IGrainFactory grains) : IPlacementDirector
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<SiloAddress, long> _expectedMade = [];

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var reports = await Task.WhenAll(silos.Select(ReportOrNull)).ConfigureAwait(false);
        lock (_expectedMade)
        {
            var best = silos.Zip(reports)
                .Where(p => p.Second is { LiveWorkers: > 0 })
                .Select(p => (Silo: p.First, p.Second!.Made, Free: p.Second.FreeCapacity - Pending(p.First, p.Second.Made)))
                .OrderByDescending(p => p.Free)
                .ThenBy(p => p.Silo == context.LocalSilo ? 0 : 1)
                .ThenBy(p => p.Silo.ToString(), StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Silo is null)
            {
                return context.LocalSilo; // no silo has a live worker: the make fails there with the pool's own error
            }

            _expectedMade[best.Silo] = Math.Max(_expectedMade.GetValueOrDefault(best.Silo), best.Made) + 1;
            return best.Silo;
        }
    }

    private long Pending(SiloAddress silo, long made) => Math.Max(0, _expectedMade.GetValueOrDefault(silo) - made);

    private async Task<SiloReport?> ReportOrNull(SiloAddress silo)
    {
        try
        {
            return await grains.GetGrain<ISiloGrain>(ClusterKeys.Token(silo)).GetReport().WaitAsync(ReportTimeout).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
        {
            return null; // a silo that cannot say is not where new envs go
        }
    }
}
