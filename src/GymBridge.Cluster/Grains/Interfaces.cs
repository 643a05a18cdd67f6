using GymBridge.Cluster.Wire;

namespace GymBridge.Cluster.Grains;

/// <summary>Marks GymBridge's grains, whose library errors leave the silo as <see cref="ClusterFault"/>s.</summary>
internal interface IGymBridgeGrain : IGrain
{
}

/// <summary>One silo (key: its token): its report, and the vector slices made on it.</summary>
internal interface ISiloGrain : IGrainWithStringKey, IGymBridgeGrain
{
    Task<SiloReport> GetReport();

    Task<EnvDescription> MakeVectorSlice(VectorSliceRequest request);
}

/// <summary>Makes one env on the silo the free-capacity placement director chose for it (one fresh key per make).</summary>
internal interface IEnvMakerGrain : IGrainWithGuidKey, IGymBridgeGrain
{
    Task<EnvDescription> Make(MakeRequest request);
}

/// <summary>One env (key: the env's key), on the silo whose worker hosts it.</summary>
internal interface IEnvGrain : IGrainWithStringKey, IGymBridgeGrain
{
    Task<EnvDescription> Describe();

    Task<ResetReply> Reset(long? seed, byte[]? options);

    Task<StepReply> Step(byte[] action);

    Task<byte[]> Render();

    Task<byte[]> SampleAction(long? seed);

    Task<bool> Contains(int space, byte[] value);

    Task Close();
}

/// <summary>One silo's slice of a cluster vector env, stepped there by the silo's own shared-memory VectorEnv.</summary>
internal interface IVectorSliceGrain : IGrainWithStringKey, IGymBridgeGrain
{
    Task<VectorSliceReply> Reset(VectorResetRequest request);

    Task<VectorSliceReply> Step(VectorStepRequest request);

    Task Close();
}
