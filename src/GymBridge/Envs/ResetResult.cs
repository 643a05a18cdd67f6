using GymBridge.Values;

namespace GymBridge.Envs;

/// <summary>What <c>env.reset(seed, options)</c> returned.</summary>
public sealed record ResetResult(GymValue Observation, GymMap Info);
