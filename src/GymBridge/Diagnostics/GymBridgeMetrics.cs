namespace GymBridge.Diagnostics;

/// <summary>
/// The names GymBridge publishes its metrics under (<see cref="System.Diagnostics.Metrics"/>): one meter,
/// <see cref="MeterName"/>, for the library and the REST host. Watch it with
/// <c>dotnet-counters monitor -n &lt;process&gt; --counters GymBridge</c>, or export it with OpenTelemetry's
/// <c>AddMeter(GymBridgeMetrics.MeterName)</c>. Nothing is measured while nobody listens.
/// </summary>
public static class GymBridgeMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "GymBridge";

    /// <summary>Counter of env steps that returned a result (a vector step of N envs counts N); tags <see cref="EnvIdTag"/>, <see cref="EnvKindTag"/>.</summary>
    public const string Steps = "gymbridge.env.steps";

    /// <summary>Histogram of step latencies as the caller saw them, in seconds (one per single-env or vector step); tags <see cref="EnvIdTag"/>, <see cref="EnvKindTag"/>.</summary>
    public const string StepDuration = "gymbridge.env.step.duration";

    /// <summary>Observed up-down counter of envs open (made and not yet disposed); tag <see cref="EnvKindTag"/>.</summary>
    public const string EnvsOpen = "gymbridge.env.open";

    /// <summary>Observed up-down counter of worker slots of running pools by state; tag <see cref="WorkerStateTag"/>.</summary>
    public const string Workers = "gymbridge.worker.count";

    /// <summary>Counter of replacement workers started after a worker died, hung or failed to start.</summary>
    public const string Restarts = "gymbridge.worker.restarts";

    /// <summary>Counter of REST and WebSocket requests the host answered; tags <c>http.route</c>, <c>http.response.status_code</c>.</summary>
    public const string Requests = "gymbridge.server.requests";

    /// <summary>The env id, e.g. <c>CartPole-v1</c>.</summary>
    public const string EnvIdTag = "gymbridge.env.id";

    /// <summary><c>single</c> or <c>vector</c>.</summary>
    public const string EnvKindTag = "gymbridge.env.kind";

    /// <summary><c>running</c>, <c>restarting</c> or <c>failed</c> (<see cref="Supervision.WorkerState"/>).</summary>
    public const string WorkerStateTag = "gymbridge.worker.state";
}
