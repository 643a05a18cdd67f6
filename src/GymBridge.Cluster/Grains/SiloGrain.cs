using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Errors;
using Orleans.Concurrency;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// One silo, keyed by its token and placed on it. Reentrant: a report must not wait behind a slow make.
/// Kept alive: it is one per silo and asked for every placement.
/// </summary>
[OwnerSiloPlacement]
[KeepAlive]
[Reentrant]
internal sealed class SiloGrain(SiloEnvs envs) : Grain, ISiloGrain
{
    public Task<SiloReport> GetReport()
    {
        ThrowIfNotHere();
        return Task.FromResult(envs.Report());
    }

    public Task<EnvDescription> MakeVectorSlice(VectorSliceRequest request)
    {
        ThrowIfNotHere();
        return envs.MakeVectorAsync(request);
    }

    private void ThrowIfNotHere()
    {
        if (this.GetPrimaryKeyString() != envs.Token)
        {
            DeactivateOnIdle();
            throw new EnvLostException($"Silo {this.GetPrimaryKeyString()} is not live.");
        }
    }
}
