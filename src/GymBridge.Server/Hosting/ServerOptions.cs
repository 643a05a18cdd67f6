namespace GymBridge.Server.Hosting;

/// <summary>
/// The host's settings, bound from the <c>GymBridge</c> configuration section (appsettings, environment
/// variables such as <c>GymBridge__Workers=4</c>, or command-line switches such as <c>--workers 4</c>;
/// see <see cref="CommandLineSwitches"/>).
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "GymBridge";

    /// <summary>How many Python worker processes the pool runs.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>The Python interpreter; unset means the library's discovery (GYMBRIDGE_PYTHON, .venv, python3).</summary>
    public string? Python { get; set; }

    /// <summary>The folder holding gymbridge_worker; unset means the copy beside the library.</summary>
    public string? WorkerDirectory { get; set; }

    /// <summary>Modules every worker imports first (custom env registration); clients may also name them in <c>module:Env</c> ids.</summary>
    public IList<string> ImportModules { get; } = [];

    /// <summary>
    /// Modules a client may name in a <c>module:Env</c> id, which makes the worker import that module (running its code).
    /// Other <c>module:</c> ids are refused (403 <c>module_not_allowed</c>) before anything is imported.
    /// </summary>
    public IList<string> AllowedModules { get; } = [];

    /// <summary>How long a worker may take to answer one request before it is treated as hung.</summary>
    public TimeSpan WorkerRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether requests to the workers may spin on shared memory (the library's fast lane): Auto spins while the busy
    /// lanes leave cores free, Always spins, Never uses one pipe message and one kernel wake-up per request, CallerOnly
    /// lets a request spin for its reply while it is alone and no other request waits for a thread, and never lets a
    /// worker spin for the next request. CallerOnly by default: on the 2-core VMs, where Kestrel, the clients and the
    /// workers share the cores, it measured the lowest 1-client latency with Never's 8-client throughput (docs/rest.md, "Speed").
    /// </summary>
    public SpinPolicy SpinPolicy { get; set; } = SpinPolicy.CallerOnly;

    /// <summary>How long the host and a worker spin before blocking; unset means the library's default (200 µs).</summary>
    public TimeSpan? SpinTime { get; set; }

    /// <summary>How many times a worker slot is restarted within <see cref="RestartWindow"/> before it stays down; 0 turns restarts off.</summary>
    public int MaxRestarts { get; set; } = 5;

    /// <summary>The sliding window <see cref="MaxRestarts"/> counts restarts in.</summary>
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before restarting a dead worker (doubling for each further restart within the window).</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait before a restart.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many envs on the server; 0 means no limit.</summary>
    public int MaxEnvs { get; set; } = 256;

    /// <summary>At most this many envs per client (remote IP address); 0 means no limit.</summary>
    public int MaxEnvsPerClient { get; set; } = 64;

    /// <summary>An env unused for this long is closed; zero or negative means never.</summary>
    public TimeSpan IdleTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest request body accepted (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one request may wait for its env and its worker (503 after it).</summary>
    public TimeSpan RequestTimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, every /v1 and /gym request must carry it in the X-API-Key header (or ?api_key=).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The <c>Host</c> names served (names, <c>*.example.org</c>, or <c>*</c>); others get 403 <c>host_refused</c>. Empty means
    /// the loopback names on a loopback-only host (localhost, 127.0.0.1, [::1], 0.0.0.0 and the bound hosts), any name otherwise.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Allows binding a non-loopback address without an API key. Off: the host refuses to start.</summary>
    public bool AllowUnauthenticatedRemote { get; set; }

    /// <summary>
    /// Origins whose pages may call the API besides the host's own (e.g. <c>http://localhost:3000</c>, or <c>*</c> for any):
    /// they get CORS headers, and requests from any other origin are refused (403 <c>origin_refused</c>).
    /// </summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>Whether POST /v1/shutdown/ stops the server (the legacy test harness uses it).</summary>
    public bool EnableShutdown { get; set; }

    /// <summary>
    /// Where /monitor/start writes videos (relative directories resolve inside it); unset means <c>gymbridge/recordings</c>
    /// under the user's local data folder (<c>~/.local/share</c> on Linux). Absolute directories must lie inside it,
    /// unless the host serves loopback only without an API key (one user on their own machine).
    /// </summary>
    public string? RecordingsRoot { get; set; }

    /// <summary>The ffmpeg executable used to encode MP4 episodes.</summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>Frames per second of the MJPEG stream and of recorded videos.</summary>
    public int FramesPerSecond { get; set; } = 30;

    /// <summary>Kestrel's UnsafePreferInlineScheduling (request code on the socket threads). Off: measured no gain on the 2-core VMs.</summary>
    public bool InlineScheduling { get; set; }

    /// <summary>Puts the Python traceback of an env error in the response body (<c>traceback</c>).</summary>
    public bool DevelopmentDetails { get; set; }

    /// <summary>
    /// An OpenTelemetry collector's base URL (e.g. <c>http://localhost:4318</c>): when set, the host pushes its metrics
    /// there over OTLP (docs/rest.md, "Metrics"). Unset: no exporter; the metrics are still there for dotnet-counters.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>OTLP over <c>HttpProtobuf</c> (port 4318, the default) or <c>Grpc</c> (port 4317).</summary>
    public OpenTelemetry.Exporter.OtlpExportProtocol OtlpProtocol { get; set; } = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;

    /// <summary>How often the metrics are pushed to <see cref="OtlpEndpoint"/>.</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(15);
}
