namespace GymBridge.Errors;

/// <summary>Why a request failed. The first eight travel on the wire (docs/protocol.md, "Error kinds").</summary>
public enum GymErrorKind
{
    UnknownEnv,
    BadArgument,
    BadAction,
    NoSuchEnv,
    NotSupported,
    EnvError,
    Protocol,
    Version,

    /// <summary>The worker hosting the env died or its pipe closed; the env is lost.</summary>
    WorkerCrashed,

    /// <summary>The worker did not answer in time and was stopped; the env is lost.</summary>
    Timeout,

    /// <summary>The env was closed on this side; it cannot be used any more.</summary>
    EnvClosed,

    /// <summary>The worker process could not be started.</summary>
    WorkerStart,
}
