namespace GymBridge;

/// <summary>How the pool finds Python and runs its workers. Every property has a working default.</summary>
public sealed class GymBridgeOptions
{
    /// <summary>
    /// The Python interpreter. When unset: the <c>GYMBRIDGE_PYTHON</c> environment variable, then a
    /// <c>.venv</c> in the current directory or above it, then <c>python3</c> on PATH.
    /// </summary>
    public string? PythonPath { get; set; }

    /// <summary>
    /// The folder holding the <c>gymbridge_worker</c> package. When unset: a <c>python_worker</c> folder beside the application
    /// or above it, else the copy embedded in this assembly, extracted on first use (<see cref="PythonSetup.FindWorkerDirectory"/>).
    /// </summary>
    public string? WorkerDirectory { get; set; }

    /// <summary>How many Python worker processes to run. Default: one per core.</summary>
    public int WorkerCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Modules every worker imports before its first request, e.g. ones that register custom envs.</summary>
    public IList<string> ImportModules { get; } = [];

    /// <summary>
    /// How long a request may go unanswered before its worker is treated as hung and stopped (positive and
    /// finite; <see cref="Envs.RemoteEnv.RequestTimeout"/> overrides it per env).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether requests may spin on shared memory (the fast lane) instead of paying a kernel wake-up
    /// each way. <see cref="SpinPolicy.Auto"/> spins only while the busy lanes leave cores free, and each spin
    /// stops when other processes take the cores.
    /// </summary>
    public SpinPolicy SpinPolicy { get; set; } = SpinPolicy.Auto;

    /// <summary>How long each side spins before blocking: the caller waiting for a reply, the worker waiting for the next request.</summary>
    public TimeSpan SpinTime { get; set; } = TimeSpan.FromMicroseconds(200);

    /// <summary>How long a worker may take to start and connect.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many times one worker slot may be restarted within <see cref="RestartWindow"/> after its worker
    /// died or hung; one more death within the window and the slot stays down (Erlang/OTP's restart
    /// intensity). 0 turns restarts off.
    /// </summary>
    public int MaxRestarts { get; set; } = 5;

    /// <summary>The sliding window <see cref="MaxRestarts"/> counts restarts in.</summary>
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before restarting a dead worker; each further restart of the same slot within <see cref="RestartWindow"/> waits twice as long.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait before a restart (never shorter than <see cref="RestartDelay"/>).</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(5);
}
