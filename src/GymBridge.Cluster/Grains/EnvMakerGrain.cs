using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// Placed by free worker capacity (a fresh key per make, so every make is placed anew), it makes the env in this
/// silo's pool under a key naming this silo, and goes: the env's own grain, placed by that key, serves it from then on.
/// </summary>
[FreeCapacityPlacement]
internal sealed class EnvMakerGrain(SiloEnvs envs) : Grain, IEnvMakerGrain
{
    public async Task<EnvDescription> Make(MakeRequest request)
    {
        DeactivateOnIdle();
        return await envs.MakeAsync(request);
    }
}
