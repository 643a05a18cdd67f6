namespace GymBridge.Vector;

/// <summary>gymnasium.vector.AutoresetMode: what a vector env does with a sub-env whose episode ended.</summary>
public enum AutoresetMode
{
    /// <summary>The next step resets it (its action is ignored) and returns the first observation. Gymnasium's default.</summary>
    NextStep,

    /// <summary>The same step resets it; the final observation and info are in <c>Infos["final_obs"]</c> / <c>["final_info"]</c>.</summary>
    SameStep,

    /// <summary>No automatic reset: call <see cref="VectorEnv.Reset"/> with a reset mask.</summary>
    Disabled,
}
