using System.ComponentModel;
using System.Text.Json;

namespace GymBridge.Server.Endpoints.Bodies;

[Description("Every error: a message that says what is wrong and how to fix it, and a kind to branch on (docs/api.md, \"Errors\").")]
internal sealed record ErrorReply(
    string Message,
    [property: Description("e.g. bad_request, unknown_instance, env_error, worker_unavailable.")] string Kind,
    int? Status = null,
    string? Title = null,
    string? Detail = null,
    [property: Description("The Python traceback (only with DevelopmentDetails).")] string? Traceback = null);

internal sealed record MessageReply(string Message);

internal sealed record UploadRequest(string TrainingDir, string ApiKey);

internal sealed record RegistryReply(string[] EnvIds);

internal sealed record HealthReply(
    [property: Description("ok, degraded (some workers restarting or down) or unhealthy (none runs: 503).")] string Status,
    [property: Description("Running workers.")] int Workers,
    int WorkersTotal,
    int Restarting,
    int Failed,
    int Restarts,
    int Envs,
    int VectorEnvs);

internal sealed record StatsReply(
    double UptimeS,
    [property: Description("open, created, closed, evicted, lost.")] Dictionary<string, long> Envs,
    long Steps,
    long Resets,
    [property: Description("Managed bytes the host process allocated since it started (GC.GetTotalAllocatedBytes); two readings around a run give bytes per step.")] long AllocatedBytes,
    [property: Description("Requests per route name.")] Dictionary<string, long> Requests,
    [property: Description("Each env: instance_id, env_id, render_mode, worker, steps, episodes, returns, idle_s, recording, lost.")] Dictionary<string, JsonElement>[] Instances,
    Dictionary<string, JsonElement>[] VectorEnvs,
    [property: Description("Each worker slot: index, state, pid, envs, restarts, requests, steps, step latency percentiles, versions.")] Dictionary<string, JsonElement>[] Workers,
    [property: Description("status, workers, running, restarting, failed, restarts, envs, steps, step_p50_us, step_p99_us.")] Dictionary<string, JsonElement> Pool);
