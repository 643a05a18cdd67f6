namespace GymBridge.Errors;

/// <summary>The action is not in the env's action space (type, shape or range); the env was not stepped and stays usable.</summary>
public sealed class InvalidActionException(string message)
    : GymBridgeException(GymErrorKind.BadAction, message);
