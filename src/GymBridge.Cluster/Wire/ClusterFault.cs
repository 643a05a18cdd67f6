using GymBridge.Errors;

namespace GymBridge.Cluster.Wire;

/// <summary>
/// A library error on its way from a silo to the caller: the kind, message and traceback of a
/// <see cref="GymBridgeException"/>, which <see cref="ClusterCalls"/> turns back into the same typed exception.
/// </summary>
[GenerateSerializer]
internal sealed class ClusterFault : Exception
{
    public ClusterFault()
    {
    }

    public ClusterFault(GymBridgeException error)
        : base(error.Message)
    {
        Kind = error.Kind;
        Text = error.Message;
        PythonTraceback = error.PythonTraceback;
    }

    [Id(0)]
    public GymErrorKind Kind { get; set; }

    [Id(1)]
    public string Text { get; set; } = string.Empty;

    [Id(2)]
    public string? PythonTraceback { get; set; }

    public GymBridgeException ToException() => Kind switch
    {
        GymErrorKind.UnknownEnv => new UnknownEnvException(Text, PythonTraceback),
        GymErrorKind.BadAction => new InvalidActionException(Text),
        GymErrorKind.NoSuchEnv or GymErrorKind.EnvClosed => new EnvClosedException(Text),
        GymErrorKind.EnvError => new EnvErrorException(Text, PythonTraceback),
        GymErrorKind.WorkerCrashed => new EnvLostException(Text),
        GymErrorKind.Timeout => new WorkerTimeoutException(Text),
        GymErrorKind.WorkerStart => new WorkerStartException(Text),
        _ => new GymBridgeException(Kind, Text, PythonTraceback),
    };
}
