namespace GymBridge.Errors;

/// <summary>
/// Why a request failed. All but <see cref="WorkerCrashed"/>, <see cref="Timeout"/>, <see cref="EnvClosed"/> and
/// <see cref="WorkerStart"/> travel on the wire (docs/protocol.md, "Error kinds").
/// </summary>
public enum GymErrorKind
{
    /// <summary>No env is registered under the id (<see cref="UnknownEnvException"/>).</summary>
    UnknownEnv,
    /// <summary>A missing or ill-typed argument, an unsupported render mode, etc.</summary>
    BadArgument,
    /// <summary>The action is not in the action space (<see cref="InvalidActionException"/>).</summary>
    BadAction,
    /// <summary>The handle was never made or is already closed (<see cref="EnvClosedException"/>).</summary>
    NoSuchEnv,
    /// <summary>The env or worker cannot do that (e.g. render without a render mode, transitions of an env without <c>P</c>).</summary>
    NotSupported,
    /// <summary>The env raised; the message and traceback are Python's (<see cref="EnvErrorException"/>).</summary>
    EnvError,
    /// <summary>A frame or value broke the protocol.</summary>
    Protocol,
    /// <summary>The supervisor and the worker speak different protocol versions.</summary>
    Version,

    /// <summary>The worker hosting the env died or its pipe closed; the env is lost.</summary>
    WorkerCrashed,

    /// <summary>The worker did not answer in time and was stopped; the env is lost.</summary>
    Timeout,

    /// <summary>The env was closed on this side; it cannot be used any more.</summary>
    EnvClosed,

    /// <summary>The worker process could not be started.</summary>
    WorkerStart,

    /// <summary>
    /// The env needs a Python package the worker's interpreter lacks (gymnasium's <c>DependencyNotInstalled</c>); the
    /// message names the command that installs its family, e.g. <c>scripts/bootstrap-python.sh --extras box2d</c>.
    /// </summary>
    DependencyMissing,

    /// <summary>Step or render before the first reset (gymnasium's <c>ResetNeeded</c>); the env is unchanged.</summary>
    ResetNeeded,
}
