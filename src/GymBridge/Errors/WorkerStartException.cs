namespace GymBridge.Errors;

/// <summary>A Python worker could not start: no interpreter, missing packages, or a failing --import module.</summary>
public sealed class WorkerStartException(string message, Exception? innerException = null)
    : GymBridgeException(GymErrorKind.WorkerStart, message, innerException: innerException);
