using GymBridge.Envs;
using GymBridge.Hosting;
using GymBridge.Server.Hosting;
using GymBridge.Server.Security;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>The single envs the host serves (ids of 8 hex digits).</summary>
public sealed class InstanceRegistry(IOptions<ServerOptions> options, EnvPoolService pool, EnvLimits limits, ModulePolicy modules)
    : Registry<EnvInstance>(limits, modules, idPrefix: string.Empty)
{
    public Task<EnvInstance> CreateAsync(string envId, MakeOptions makeOptions, string owner, CancellationToken cancellationToken) =>
        CreateAsync(envId, owner, 1, token => pool.Pool.MakeAsync(envId, makeOptions, token), (id, env) => new EnvInstance(id, env, owner), cancellationToken);

    protected override string Why(RemovalReason reason) => reason switch
    {
        RemovalReason.Evicted => $"was closed after {options.Value.IdleTtl.TotalSeconds:0.###} s without requests (idle TTL)",
        RemovalReason.Lost => "was lost when its worker died",
        RemovalReason.Disconnected => "was closed when its WebSocket connection ended",
        _ => "was closed",
    };
}
