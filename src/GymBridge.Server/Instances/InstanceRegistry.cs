using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using GymBridge.Server.Security;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>
/// The single envs the host serves, from its <see cref="IEnvSource"/>: ids of 8 hex digits on a single host; in cluster
/// mode the cluster's keys, and an env made through another host is registered here the first time a request names it.
/// </summary>
public sealed class InstanceRegistry(IOptions<ServerOptions> options, IEnvSource source, EnvLimits limits, ModulePolicy modules)
    : Registry<EnvInstance>(limits, modules, idPrefix: string.Empty)
{
    public Task<EnvInstance> CreateAsync(string envId, MakeOptions makeOptions, string owner, CancellationToken cancellationToken) =>
        CreateAsync(envId, owner, 1, token => source.MakeAsync(envId, makeOptions, token), made => made.Key,
            (id, made) => new EnvInstance(id, made.Env, owner), cancellationToken);

    /// <summary>The live instance, or a 404 (unknown or closed) / 410 (lost) error; looked up in the cluster when not served here yet.</summary>
    public ValueTask<EnvInstance> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        TryGet(instanceId, out _) || WasRemoved(instanceId) ? ValueTask.FromResult(Get(instanceId)) : FindAsync(instanceId, cancellationToken);

    /// <summary>GET /v1/envs/: every env of the service (the cluster's, in cluster mode).</summary>
    public ValueTask<IReadOnlyList<(string InstanceId, string EnvId)>> ListAsync(CancellationToken cancellationToken) => source.ListAsync(All, cancellationToken);

    /// <summary>
    /// An idle handle of a cluster's env made through another host is only forgotten here: requests through other hosts
    /// do not touch it, so its idleness here says nothing about the env's.
    /// </summary>
    protected override ValueTask CloseAsync(EnvInstance instance, RemovalReason reason)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return reason == RemovalReason.Evicted && !instance.MadeHere ? instance.ForgetAsync() : instance.DisposeAsync();
    }

    protected override string Why(RemovalReason reason) => reason switch
    {
        RemovalReason.Evicted => $"was closed after {options.Value.IdleTtl.TotalSeconds:0.###} s without requests (idle TTL)",
        RemovalReason.Lost => "was lost when its worker died",
        RemovalReason.Disconnected => "was closed when its WebSocket connection ended",
        _ => "was closed",
    };

    private async ValueTask<EnvInstance> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        IGymEnv? env;
        try
        {
            env = await source.FindAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (EnvLostException error)
        {
            throw new ApiException(StatusCodes.Status410Gone, ErrorKinds.EnvLost, $"Instance_id {instanceId} was lost when the host of its worker died; make a new one. ({error.Message})");
        }
        catch (EnvClosedException)
        {
            env = null;
        }

        return env is null ? Get(instanceId) : Adopt(new EnvInstance(instanceId, env, owner: string.Empty, counted: false));
    }
}
