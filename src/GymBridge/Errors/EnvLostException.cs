namespace GymBridge.Errors;

/// <summary>The worker that hosted the env died, hung, or was stopped; the env and its state are gone.</summary>
public sealed class EnvLostException(string message, Exception? innerException = null)
    : GymBridgeException(GymErrorKind.WorkerCrashed, message, innerException: innerException);
