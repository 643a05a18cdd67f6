namespace GymBridge.Server.Monitoring;

/// <summary>
/// The pool's health for /healthz: <c>ok</c> when every worker slot runs, <c>degraded</c> while some are restarting or
/// stay down but at least one runs, <c>unhealthy</c> when none runs (the host then answers 503).
/// </summary>
public sealed record WorkerHealth(int Total, int Running, int Restarting, int Failed, int Restarts)
{
    public string Status => Running == 0 ? "unhealthy" : Running < Total ? "degraded" : "ok";

    public bool IsServing => Running > 0;
}
