using GymBridge.Envs;

namespace GymBridge.Vector;

/// <summary>How <see cref="EnvPool.MakeVectorAsync"/> builds a vector env.</summary>
public sealed class VectorOptions
{
    /// <summary>When a finished env resets; gymnasium's default is <see cref="AutoresetMode.NextStep"/>.</summary>
    public AutoresetMode AutoresetMode { get; set; } = AutoresetMode.NextStep;

    /// <summary>
    /// Slices per worker. Each slice steps as one batch; more slices let <see cref="VectorEnv.RecvAsync"/>
    /// hand back smaller groups of finished envs sooner.
    /// </summary>
    public int SlicesPerWorker { get; set; } = 1;

    /// <summary>kwargs, render mode and time limit of every sub-env.</summary>
    public MakeOptions Make { get; } = new();
}
