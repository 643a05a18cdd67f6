using GymBridge.Envs;
using GymBridge.Hosting;
using GymBridge.Values;

namespace GymBridge.Server.Instances;

/// <summary>A single host's envs: made in its own pool; there are no others.</summary>
public sealed class LocalEnvSource(EnvPoolService pool) : IEnvSource
{
    public async Task<(string? Key, IGymEnv Env)> MakeAsync(string envId, MakeOptions options, CancellationToken cancellationToken) =>
        (null, new LocalEnv(await pool.Pool.MakeAsync(envId, options, cancellationToken).ConfigureAwait(false)));

    public ValueTask<IGymEnv?> FindAsync(string instanceId, CancellationToken cancellationToken) => ValueTask.FromResult<IGymEnv?>(null);

    public ValueTask<IReadOnlyList<(string InstanceId, string EnvId)>> ListAsync(IEnumerable<EnvInstance> served, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<(string, string)>>([.. served.Where(i => !i.IsLost).OrderBy(i => i.CreatedAt).Select(i => (i.InstanceId, i.EnvId))]);

    public ValueTask<GymValue> DescribeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(GymValue.None);
}
