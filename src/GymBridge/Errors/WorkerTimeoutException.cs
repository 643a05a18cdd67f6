namespace GymBridge.Errors;

/// <summary>The worker did not answer within the request timeout. It is treated as hung and stopped, so its envs are lost.</summary>
public sealed class WorkerTimeoutException(string message)
    : GymBridgeException(GymErrorKind.Timeout, message);
