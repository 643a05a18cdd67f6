using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Envs;
using GymBridge.Spaces;
using Orleans.Placement;
using Orleans.Runtime;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// The front of one env on the silo that hosts it. <see cref="KeepAliveAttribute"/>: the env's life is explicit
/// (<see cref="OwnedEnvGrain{TEnv}.Close"/>, as a RemoteEnv's), idle envs are the REST host's to evict, so the activation is never
/// collected while the env is open. <see cref="ImmovableAttribute"/>: envs never move (the Python env cannot).
/// </summary>
[OwnerSiloPlacement]
[KeepAlive]
[Immovable]
internal sealed class EnvGrain(SiloEnvs envs, IClusterMembershipService membership) : OwnedEnvGrain<RemoteEnv>(envs, membership), IEnvGrain
{
    protected override string Kind => "single env";

    public Task<EnvDescription> Describe()
    {
        var env = Env;
        return Task.FromResult(new EnvDescription(Key, env.Id, Envs.Address.ToParsableString(),
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

    protected override RemoteEnv? Select(LocalEnv env) => env.Single;
}
