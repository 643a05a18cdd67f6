using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Errors;
using GymBridge.Values;
using GymBridge.Vector;
using Orleans.Placement;
using Orleans.Runtime;

namespace GymBridge.Cluster.Grains;

/// <summary>
/// One silo's slice of a cluster vector env: a call carries the slice's actions, the silo's own VectorEnv steps them
/// over its workers in shared memory, the reply carries the slice's results. Kept alive and immovable as <see cref="EnvGrain"/> is.
/// </summary>
[OwnerSiloPlacement]
[KeepAlive]
[Immovable]
internal sealed class VectorSliceGrain(SiloEnvs envs, IClusterMembershipService membership) : OwnedEnvGrain<VectorEnv>(envs, membership), IVectorSliceGrain
{
    protected override string Kind => "vector slice";

    public async Task<VectorSliceReply> Reset(VectorResetRequest request)
    {
        var vector = Env;
        await vector.ResetAsync(request.Seed, ClusterCodec.DecodeOptional(request.Options)?.AsMap(), request.ResetMask);
        return Reply(vector);
    }

    public async Task<VectorSliceReply> Step(VectorStepRequest request)
    {
        var vector = Env;
        if (request.ActionBytes is { } bytes)
        {
            var buffer = vector.ActionBytes;
            if (bytes.Length != buffer.Length)
            {
                throw new InvalidActionException($"Expected {buffer.Length} bytes of actions for {vector.NumEnvs} envs, got {bytes.Length}.");
            }

            bytes.CopyTo(buffer);
            await vector.StepAsync();
        }
        else
        {
            await vector.StepAsync(ClusterCodec.Decode(request.ActionList ?? throw new InvalidActionException("No actions.")).AsList());
        }

        return Reply(vector);
    }

    protected override VectorEnv? Select(LocalEnv env) => env.Vector;

    private static VectorSliceReply Reply(VectorEnv vector)
    {
        var arrays = vector.HasArrayObservations;
        return new VectorSliceReply(
            arrays ? vector.ObservationBytes.ToArray() : null,
            arrays ? null : ClusterCodec.Encode(GymValue.List([.. vector.ObservationList])),
            vector.Rewards.ToArray(),
            vector.Terminated.ToArray(),
            vector.Truncated.ToArray(),
            ClusterCodec.EncodeInfoRecords(vector.LastInfoRecords));
    }
}
