using GymBridge.Hosting;
using GymBridge.Server.Hosting;
using GymBridge.Server.Instances;
using GymBridge.Server.Security;
using GymBridge.Vector;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.VectorEnvs;

/// <summary>
/// The vector envs the host serves (ids of <c>v</c> and 8 hex digits, so they never clash with single envs). Each
/// counts its number of sub-envs against the env limits.
/// </summary>
public sealed class VectorRegistry(IOptions<ServerOptions> options, EnvPoolService pool, EnvLimits limits, ModulePolicy modules)
    : Registry<VectorInstance>(limits, modules, idPrefix: "v")
{
    public Task<VectorInstance> CreateAsync(string envId, int numEnvs, VectorOptions vectorOptions, string owner, CancellationToken cancellationToken) =>
        CreateAsync(envId, owner, numEnvs, token => pool.Pool.MakeVectorAsync(envId, numEnvs, vectorOptions, token), (id, env) => new VectorInstance(id, env, owner, envId), cancellationToken);

    protected override string Why(RemovalReason reason) => reason switch
    {
        RemovalReason.Evicted => $"was closed after {options.Value.IdleTtl.TotalSeconds:0.###} s without requests (idle TTL)",
        RemovalReason.Lost => "was lost when a worker hosting it died",
        _ => "was closed",
    };
}
