namespace GymBridge.Errors;

/// <summary>The env raised a Python exception; the worker and its other envs keep working.</summary>
public sealed class EnvErrorException(string message, string? pythonTraceback)
    : GymBridgeException(GymErrorKind.EnvError, message, pythonTraceback);
