namespace GymBridge.Errors;

/// <summary>
/// A request to a Gymnasium env failed. <see cref="Kind"/> says why; <see cref="PythonTraceback"/>
/// holds the worker's traceback when Python raised.
/// </summary>
public class GymBridgeException : Exception
{
    /// <summary>An error of <paramref name="kind"/>, with the worker's traceback when it has one.</summary>
    public GymBridgeException(GymErrorKind kind, string message, string? pythonTraceback = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        PythonTraceback = string.IsNullOrEmpty(pythonTraceback) ? null : pythonTraceback;
    }

    /// <summary>Why the request failed.</summary>
    public GymErrorKind Kind { get; }

    /// <summary>The Python traceback, when the error came from the worker.</summary>
    public string? PythonTraceback { get; }

    /// <inheritdoc />
    public override string ToString() =>
        PythonTraceback is null ? base.ToString() : base.ToString() + Environment.NewLine + "Python traceback:" + Environment.NewLine + PythonTraceback;

    /// <summary>The typed exception for an error reply's kind.</summary>
    internal static GymBridgeException FromWire(string kind, string message, string? traceback) => kind switch
    {
        "unknown_env" => new UnknownEnvException(message, traceback),
        "bad_action" => new InvalidActionException(message),
        "no_such_env" => new EnvClosedException(message),
        "env_error" => new EnvErrorException(message, traceback),
        "bad_argument" => new GymBridgeException(GymErrorKind.BadArgument, message, traceback),
        "not_supported" => new GymBridgeException(GymErrorKind.NotSupported, message, traceback),
        "version" => new GymBridgeException(GymErrorKind.Version, message, traceback),
        "dependency_missing" => new GymBridgeException(GymErrorKind.DependencyMissing, message, traceback),
        "reset_needed" => new GymBridgeException(GymErrorKind.ResetNeeded, message, traceback),
        _ => new GymBridgeException(GymErrorKind.Protocol, $"{kind}: {message}", traceback),
    };
}
