using GymBridge.Cluster.Silo;
using GymBridge.Errors;
using Orleans.Runtime;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// A grain fronting one env of its silo's table (<see cref="SiloEnvs"/>), a single env or a vector slice
/// (<typeparamref name="TEnv"/>). An activation that finds no env to serve (lost, closed, of the other kind) throws the
/// typed error and deactivates: there is nothing to keep, and the next activation reaches the same answer from the key.
/// </summary>
internal abstract class OwnedEnvGrain<TEnv>(SiloEnvs envs, IClusterMembershipService membership) : Grain
    where TEnv : class, IAsyncDisposable
{
    protected SiloEnvs Envs => envs;

    protected string Key => this.GetPrimaryKeyString();

    /// <summary>What this grain fronts, for the error a key of the other kind gets: "single env", "vector slice".</summary>
    protected abstract string Kind { get; }

    protected TEnv Env
    {
        get
        {
            try
            {
                return Select(OwnedEnv.Find(Key, envs, membership)) ?? throw new EnvClosedException($"{Key} is not a {Kind}.");
            }
            catch (GymBridgeException)
            {
                DeactivateOnIdle();
                throw;
            }
        }
    }

    public async Task Close()
    {
        var env = Env;
        envs.Remove(Key);
        DeactivateOnIdle();
        await env.DisposeAsync();
    }

    protected abstract TEnv? Select(LocalEnv env);
}
