using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using GymBridge.Supervision;

namespace GymBridge.Diagnostics;

/// <summary>
/// The library's instruments (<see cref="GymBridgeMetrics"/>), one set per <see cref="Meter"/>, shared by every pool
/// that publishes to it: pools started with an <see cref="IMeterFactory"/> use that factory's meter, the others a
/// process-wide one. All of them are pushed where things happen (no callbacks), so several pools on one meter add
/// up. A recording is one check of <see cref="Instrument.Enabled"/> while nobody listens, and allocates nothing.
/// </summary>
internal sealed class PoolMetrics
{
    private static readonly string? Version = typeof(PoolMetrics).Assembly.GetName().Version?.ToString(3);
    private static readonly Meter SharedMeter = new(GymBridgeMetrics.MeterName, Version);
    private static readonly ConditionalWeakTable<Meter, PoolMetrics> ByMeter = [];

    private static readonly KeyValuePair<string, object?> Single = new(GymBridgeMetrics.EnvKindTag, "single");
    private static readonly KeyValuePair<string, object?> Vector = new(GymBridgeMetrics.EnvKindTag, "vector");
    private static readonly KeyValuePair<string, object?>[] States =
    [
        new(GymBridgeMetrics.WorkerStateTag, "running"),
        new(GymBridgeMetrics.WorkerStateTag, "restarting"),
        new(GymBridgeMetrics.WorkerStateTag, "failed"),
    ];

    /// <summary>5 µs (a spinning single step) to 10 s (a hung env's timeout is longer and lands in the last bucket).</summary>
    private static readonly double[] StepBuckets =
        [5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _steps;
    private readonly Histogram<double> _stepDuration;
    private readonly UpDownCounter<int> _envsOpen;
    private readonly UpDownCounter<int> _workers;
    private readonly Counter<long> _restarts;

    private PoolMetrics(Meter meter)
    {
        _steps = meter.CreateCounter<long>(GymBridgeMetrics.Steps, "{step}", "Env steps that returned a result (a vector step of N envs counts N).");
        _stepDuration = meter.CreateHistogram(GymBridgeMetrics.StepDuration, "s", "Step latency as the caller saw it.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = StepBuckets });
        _envsOpen = meter.CreateUpDownCounter<int>(GymBridgeMetrics.EnvsOpen, "{env}", "Envs made and not yet disposed.");
        _workers = meter.CreateUpDownCounter<int>(GymBridgeMetrics.Workers, "{worker}", "Worker slots of running pools, by state.");
        _restarts = meter.CreateCounter<long>(GymBridgeMetrics.Restarts, "{restart}", "Replacement workers started after a worker died, hung or failed to start.");
    }

    /// <summary>The instruments on <paramref name="meterFactory"/>'s GymBridge meter, or on the process-wide one when it is null.</summary>
    public static PoolMetrics For(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(new MeterOptions(GymBridgeMetrics.MeterName) { Version = Version }) ?? SharedMeter;
        return ByMeter.GetValue(meter, static m => new PoolMetrics(m));
    }

    public void SingleStepCompleted(string envId, TimeSpan elapsed)
    {
        if (_steps.Enabled)
        {
            _steps.Add(1, new(GymBridgeMetrics.EnvIdTag, envId), Single);
        }

        if (_stepDuration.Enabled)
        {
            _stepDuration.Record(elapsed.TotalSeconds, new(GymBridgeMetrics.EnvIdTag, envId), Single);
        }
    }

    /// <param name="envId">The env id.</param>
    /// <param name="envs">How many envs stepped.</param>
    /// <param name="elapsed">The whole step's latency; null for steps sent and received separately (SendAsync/RecvAsync).</param>
    public void VectorStepCompleted(string envId, int envs, TimeSpan? elapsed)
    {
        if (_steps.Enabled)
        {
            _steps.Add(envs, new(GymBridgeMetrics.EnvIdTag, envId), Vector);
        }

        if (elapsed is { } duration && _stepDuration.Enabled)
        {
            _stepDuration.Record(duration.TotalSeconds, new(GymBridgeMetrics.EnvIdTag, envId), Vector);
        }
    }

    public void EnvOpened(bool vector) => _envsOpen.Add(1, vector ? Vector : Single);

    public void EnvClosed(bool vector) => _envsOpen.Add(-1, vector ? Vector : Single);

    /// <summary>A slot went from <paramref name="from"/> to <paramref name="to"/>; null is outside a running pool (before it started, after it stopped).</summary>
    public void WorkerStateChanged(WorkerState? from, WorkerState? to)
    {
        if (from == to)
        {
            return;
        }

        if (from is { } left && left != WorkerState.Stopped)
        {
            _workers.Add(-1, States[(int)left]);
        }

        if (to is { } entered && entered != WorkerState.Stopped)
        {
            _workers.Add(1, States[(int)entered]);
        }
    }

    public void WorkerRestarted() => _restarts.Add(1);
}
