using GymBridge.Server.Instances;
using GymBridge.Values;

namespace GymBridge.Server.Monitoring;

/// <summary>Worker statistics from <see cref="EnvPool.Workers"/>, plus how many of the host's envs each worker holds.</summary>
internal sealed class PoolWorkerStats(EnvPoolHost pool, InstanceRegistry registry) : IWorkerStatsSource
{
    public GymValue Describe()
    {
        var envsByWorker = registry.All.GroupBy(i => i.Env.WorkerIndex).ToDictionary(g => g.Key, g => g.Count());
        return GymValue.List([.. pool.Pool.Workers.Select(w => (GymValue)GymMap.Of(
            ("index", w.Index),
            ("pid", w.Pid),
            ("python", w.Python),
            ("gymnasium", w.Gymnasium),
            ("numpy", w.NumPy),
            ("envs", envsByWorker.GetValueOrDefault(w.Index))))]);
    }
}
