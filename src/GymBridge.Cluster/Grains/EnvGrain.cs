using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.Spaces;
using Orleans.Placement;
using Orleans.Runtime;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// The front of one env on the silo that hosts it. <see cref="KeepAliveAttribute"/>: the env's life is explicit
/// (<see cref="Close"/>, as a RemoteEnv's), idle envs are the REST host's to evict, so the activation is never
/// collected while the env is open. <see cref="ImmovableAttribute"/>: envs never move (the Python env cannot).
/// </summary>
[OwnerSiloPlacement]
[KeepAlive]
[Immovable]
internal sealed class EnvGrain(SiloEnvs envs, IClusterMembershipService membership) : Grain, IEnvGrain
{
    private RemoteEnv Env
    {
        get
        {
            try
            {
                return OwnedEnv.Find(this.GetPrimaryKeyString(), envs, membership).Single
                    ?? throw new EnvClosedException($"{this.GetPrimaryKeyString()} is a vector env, not a single one.");
            }
            catch (GymBridgeException)
            {
                DeactivateOnIdle(); // nothing to keep: the next activation reaches the same answer from the key
                throw;
            }
        }
    }

    public Task<EnvDescription> Describe()
    {
        var env = Env;
        return Task.FromResult(new EnvDescription(this.GetPrimaryKeyString(), env.Id, envs.Address.ToString(),
            ClusterCodec.Encode(env.ActionSpace.ToDescription()), ClusterCodec.Encode(env.ObservationSpace.ToDescription()),
            env.RenderMode, env.MaxEpisodeSteps, env.RewardThreshold, 1));
    }

    public async Task<ResetReply> Reset(long? seed, byte[]? options)
    {
        var result = await Env.ResetAsync(seed, ClusterCodec.DecodeOptional(options)?.AsMap());
        return new ResetReply(ClusterCodec.Encode(result.Observation), ClusterCodec.Encode(result.Info));
    }

    public async Task<StepReply> Step(byte[] action)
    {
        var result = await Env.StepAsync(ClusterCodec.Decode(action));
        return new StepReply(ClusterCodec.Encode(result.Observation), result.Reward, result.Terminated, result.Truncated, ClusterCodec.Encode(result.Info));
    }

    public async Task<byte[]> Render() => ClusterCodec.Encode(await Env.RenderAsync());

    public async Task<byte[]> SampleAction(long? seed) => ClusterCodec.Encode(await Env.SampleActionAsync(seed));

    public async Task<bool> Contains(int space, byte[] value) => await Env.ContainsAsync((SpaceRole)space, ClusterCodec.Decode(value));

    public async Task Close()
    {
        var env = Env;
        envs.Remove(this.GetPrimaryKeyString());
        DeactivateOnIdle();
        await env.DisposeAsync();
    }
}
