using System.Collections.Concurrent;
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
/// Placements this director made in the last few seconds count against their silo until its reports include them,
/// so a burst of makes spreads instead of piling onto the silo that was emptiest a moment ago.
/// </summary>
internal sealed class FreeCapacityPlacementDirector(IGrainFactory grains) : IPlacementDirector
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PendingFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<SiloAddress, int> _pending = new();

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var reports = await Task.WhenAll(silos.Select(ReportOrNull)).ConfigureAwait(false);
        var best = silos.Zip(reports)
            .Where(p => p.Second is { LiveWorkers: > 0 })
            .Select(p => (Silo: p.First, Free: p.Second!.FreeCapacity - _pending.GetValueOrDefault(p.First)))
            .OrderByDescending(p => p.Free)
            .ThenBy(p => p.Silo == context.LocalSilo ? 0 : 1)
            .Select(p => p.Silo)
            .FirstOrDefault() ?? context.LocalSilo;
        _pending.AddOrUpdate(best, 1, (_, n) => n + 1);
        _ = Task.Delay(PendingFor).ContinueWith(_ => _pending.AddOrUpdate(best, 0, (_, n) => n - 1), TaskScheduler.Default);
        return best;
    }

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
