using GymBridge.Cluster;
using GymBridge.Envs;
using GymBridge.Server.Instances;
using GymBridge.Values;

namespace GymBridge.Server.Clustering;

/// <summary>
/// Cluster mode's envs: made on the silo with the most free worker capacity, found by key from any host (one hop to
/// the silo that hosts them), listed and described for the whole cluster.
/// </summary>
public sealed class ClusterEnvSource(GymCluster cluster) : IEnvSource
{
    public async Task<(string? Key, IGymEnv Env)> MakeAsync(string envId, MakeOptions options, CancellationToken cancellationToken)
    {
        var env = await cluster.MakeAsync(envId, options, cancellationToken).ConfigureAwait(false);
        return (env.Key, new ClusteredEnv(env));
    }

    public async ValueTask<IGymEnv?> FindAsync(string instanceId, CancellationToken cancellationToken) =>
        new ClusteredEnv(await cluster.GetEnvAsync(instanceId, cancellationToken).ConfigureAwait(false));

    /// <summary>The single envs of every live silo (a library client's cluster vector env shows as its slices: those of more than one env are left out).</summary>
    public async ValueTask<IReadOnlyList<(string InstanceId, string EnvId)>> ListAsync(IEnumerable<EnvInstance> served, CancellationToken cancellationToken)
    {
        var envs = await cluster.ListEnvsAsync(cancellationToken).ConfigureAwait(false);
        return [.. envs.Where(e => e.NumEnvs == 1).Select(e => (e.Key, e.EnvId))];
    }

    public async ValueTask<GymValue> DescribeAsync(CancellationToken cancellationToken)
    {
        var silos = cluster.GetSilosAsync(cancellationToken);
        var envs = await cluster.ListEnvsAsync(cancellationToken).ConfigureAwait(false);
        return GymMap.Of(
            ("silos", GymValue.List([.. (await silos.ConfigureAwait(false)).Select(s => (GymValue)GymMap.Of(
                ("address", s.Address),
                ("workers", s.Workers),
                ("live_workers", s.LiveWorkers),
                ("envs", s.Envs),
                ("free_capacity", s.FreeCapacity),
                ("steps", s.Steps)))])),
            ("envs", GymValue.List([.. envs.Select(e => (GymValue)GymMap.Of(
                ("instance_id", e.Key),
                ("env_id", e.EnvId),
                ("silo", e.Silo),
                ("num_envs", e.NumEnvs)))])));
    }
}
