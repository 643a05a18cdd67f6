using GymBridge.Workers;

namespace GymBridge.Vector;

/// <summary>Envs [Start, Start + Count) of a vector env, hosted by one worker as one gymnasium SyncVectorEnv.</summary>
internal sealed record VectorSlice(Worker Worker, long Handle, int Start, int Count);
