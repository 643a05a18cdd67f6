namespace GymBridge.Cluster.Wire;

// What grain calls carry. GymValues travel as MessagePack (ClusterCodec); the arrays of a vector batch as the raw
// bytes of their buffers, exactly as the silo's VectorEnv holds them in shared memory.

/// <summary>gymnasium.make's arguments: the id, kwargs (a GymMap, MessagePack), render mode, max episode steps.</summary>
[GenerateSerializer, Immutable]
internal sealed record MakeRequest(
    [property: Id(0)] string EnvId,
    [property: Id(1)] byte[]? Kwargs,
    [property: Id(2)] string? RenderMode,
    [property: Id(3)] int? MaxEpisodeSteps);

/// <summary>A vector slice's arguments: the make request, how many copies, the autoreset mode.</summary>
[GenerateSerializer, Immutable]
internal sealed record VectorSliceRequest(
    [property: Id(0)] MakeRequest Make,
    [property: Id(1)] int NumEnvs,
    [property: Id(2)] int AutoresetMode);

/// <summary>An env (or vector slice) as its silo made it: key, silo, spaces (their protocol descriptions, MessagePack), spec.</summary>
[GenerateSerializer, Immutable]
internal sealed record EnvDescription(
    [property: Id(0)] string Key,
    [property: Id(1)] string EnvId,
    [property: Id(2)] string Silo,
    [property: Id(3)] byte[] ActionSpace,
    [property: Id(4)] byte[] ObservationSpace,
    [property: Id(5)] string? RenderMode,
    [property: Id(6)] int? MaxEpisodeSteps,
    [property: Id(7)] double? RewardThreshold,
    [property: Id(8)] int NumEnvs);

/// <summary>reset's result: observation and info, MessagePack.</summary>
[GenerateSerializer, Immutable]
internal sealed record ResetReply(
    [property: Id(0)] byte[] Observation,
    [property: Id(1)] byte[] Info);

/// <summary>step's result: observation and info as MessagePack, reward and flags as themselves.</summary>
[GenerateSerializer, Immutable]
internal sealed record StepReply(
    [property: Id(0)] byte[] Observation,
    [property: Id(1)] double Reward,
    [property: Id(2)] bool Terminated,
    [property: Id(3)] bool Truncated,
    [property: Id(4)] byte[] Info);

/// <summary>A vector slice's reset: seed of its first env, options (MessagePack), the slice's part of the reset mask.</summary>
[GenerateSerializer, Immutable]
internal sealed record VectorResetRequest(
    [property: Id(0)] long? Seed,
    [property: Id(1)] byte[]? Options,
    [property: Id(2)] bool[]? ResetMask);

/// <summary>A vector slice's step: its actions as raw buffer bytes (array spaces) or a MessagePack list (others).</summary>
[GenerateSerializer, Immutable]
internal sealed record VectorStepRequest(
    [property: Id(0)] byte[]? ActionBytes,
    [property: Id(1)] byte[]? ActionList);

/// <summary>
/// A vector slice's results: observations as raw buffer bytes (array spaces) or a MessagePack list, rewards, flags,
/// and each env's own info as (slice-local index, info) records, for the client to join over the whole vector.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record VectorSliceReply(
    [property: Id(0)] byte[]? ObservationBytes,
    [property: Id(1)] byte[]? ObservationList,
    [property: Id(2)] double[] Rewards,
    [property: Id(3)] bool[] Terminated,
    [property: Id(4)] bool[] Truncated,
    [property: Id(5)] byte[] InfoRecords);

/// <summary>One env a silo holds.</summary>
[GenerateSerializer, Immutable]
internal sealed record SiloEnvEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] string EnvId,
    [property: Id(2)] int NumEnvs);

/// <summary>
/// What a silo says about itself: address, workers, envs (open and being made), free capacity, steps, its envs, and how
/// many makes it has ever begun (so a placement director can tell when its own recent choices show in the reports).
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record SiloReport(
    [property: Id(0)] string Address,
    [property: Id(1)] string Token,
    [property: Id(2)] int Workers,
    [property: Id(3)] int LiveWorkers,
    [property: Id(4)] int Envs,
    [property: Id(5)] int FreeCapacity,
    [property: Id(6)] long Steps,
    [property: Id(7)] SiloEnvEntry[] EnvList,
    [property: Id(8)] long Made);
