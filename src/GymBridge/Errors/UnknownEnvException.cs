namespace GymBridge.Errors;

/// <summary>gymnasium does not know the env id (its message says which ids are close).</summary>
public sealed class UnknownEnvException(string message, string? pythonTraceback = null)
    : GymBridgeException(GymErrorKind.UnknownEnv, message, pythonTraceback);
