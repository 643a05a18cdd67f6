using GymBridge.Values;

namespace GymBridge.Envs;

/// <summary>What <c>env.step(action)</c> returned.</summary>
public sealed record StepResult(GymValue Observation, double Reward, bool Terminated, bool Truncated, GymMap Info)
{
    /// <summary><c>terminated or truncated</c>: the episode is over and the env needs a reset.</summary>
    public bool Done => Terminated || Truncated;
}
