using GymBridge.Workers;

namespace GymBridge;

/// <summary>
/// How the pool finds its Python and its worker, for diagnostics and tooling (<c>gymbridge check</c>):
/// the same rules <see cref="EnvPool.StartAsync"/> follows.
/// </summary>
public static class PythonSetup
{
    /// <summary>The version of the wire protocol this library speaks; a worker speaking another refuses the hello (docs/protocol.md).</summary>
    public const int ProtocolVersion = Protocol.WorkerOp.ProtocolVersion;

    /// <summary>The environment variable that names the interpreter.</summary>
    public const string PythonVariable = PythonLocator.PythonVariable;

    /// <summary>The interpreter for <paramref name="options"/>: <see cref="GymBridgeOptions.PythonPath"/>, then <c>GYMBRIDGE_PYTHON</c>, then a <c>.venv</c> above the current or the application's directory, then <c>python3</c>.</summary>
    public static PythonChoice ResolvePython(GymBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PythonLocator.ResolvePython(options);
    }

    /// <summary>
    /// The folder holding <c>gymbridge_worker/</c> and <c>requirements.txt</c>: <see cref="GymBridgeOptions.WorkerDirectory"/>,
    /// a <c>python_worker</c> folder beside the application or above it, else the worker embedded in this assembly, extracted to
    /// <c>LocalApplicationData/gymbridge/&lt;version&gt;-&lt;hash&gt;/python_worker</c> on first use.
    /// </summary>
    public static string FindWorkerDirectory(GymBridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return PythonLocator.FindWorkerDirectory(options);
    }

    /// <summary>The command that installs what the worker needs into <paramref name="python"/>: <c>"python" -m pip install -r ".../requirements.txt"</c>.</summary>
    public static string InstallCommand(string python, string workerDirectory) => PythonLocator.InstallCommand(python, workerDirectory);
}
