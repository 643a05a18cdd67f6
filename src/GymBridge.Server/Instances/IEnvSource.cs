using GymBridge.Envs;
using GymBridge.Values;

namespace GymBridge.Server.Instances;

/// <summary>
/// Where the host's single envs come from, chosen once at start-up: this host's own pool (<see cref="LocalEnvSource"/>,
/// the default) or, in cluster mode, the whole cluster (Clustering/ClusterEnvSource). The registry and the endpoints
/// are the same for both.
/// </summary>
public interface IEnvSource
{
    /// <summary>Makes an env; its key becomes the instance id (null: the registry picks one).</summary>
    Task<(string? Key, IGymEnv Env)> MakeAsync(string envId, MakeOptions options, CancellationToken cancellationToken);

    /// <summary>An env this host has not served yet, by instance id (a cluster's env made through another host); null when there is none.</summary>
    ValueTask<IGymEnv?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Every env of the service for GET /v1/envs/, given the ones this host serves.</summary>
    ValueTask<IReadOnlyList<(string InstanceId, string EnvId)>> ListAsync(IEnumerable<EnvInstance> served, CancellationToken cancellationToken);

    /// <summary>The <c>cluster</c> part of /stats (its silos and envs); <see cref="GymValue.None"/> on a single host.</summary>
    ValueTask<GymValue> DescribeAsync(CancellationToken cancellationToken);
}
