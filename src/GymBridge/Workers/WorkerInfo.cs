namespace GymBridge.Workers;

/// <summary>What a worker reported in its <c>hello</c> reply.</summary>
public sealed record WorkerInfo(int Index, int Pid, int Protocol, string Python, string Gymnasium, string NumPy, string MsgPack);
