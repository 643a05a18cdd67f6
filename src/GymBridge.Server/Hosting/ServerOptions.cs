namespace GymBridge.Server.Hosting;

/// <summary>
/// The host's own settings. They share the <c>GymBridge</c> configuration section with the library's
/// <see cref="GymBridgeOptions"/> (the pool: WorkerCount, PythonPath, RequestTimeout, ...), which the host binds through
/// <c>AddGymBridge</c>: one section, one name per setting (appsettings, environment variables such as
/// <c>GymBridge__WorkerCount=4</c>, or command-line switches such as <c>--workers 4</c>; see <see cref="CommandLineSwitches"/>).
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "GymBridge";

    /// <summary>
    /// Modules a client may name in a <c>module:Env</c> id, which makes the worker import that module (running its code).
    /// Other <c>module:</c> ids are refused (403 <c>module_not_allowed</c>) before anything is imported. The modules every
    /// worker imports (<see cref="GymBridgeOptions.ImportModules"/>, <c>--import</c>) are allowed too.
    /// </summary>
    public IList<string> AllowedModules { get; } = [];

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
