namespace GymBridge.Errors;

/// <summary>The env was closed (or never existed on its worker).</summary>
public sealed class EnvClosedException(string message)
    : GymBridgeException(GymErrorKind.EnvClosed, message);
