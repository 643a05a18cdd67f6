using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using GymBridge.Supervision;

namespace GymBridge.Diagnostics;

/// <summary>
/// The library's instruments (<see cref="GymBridgeMetrics"/>), one set per <see cref="Meter"/>, shared by every pool
/// that publishes to it: pools started with an <see cref="IMeterFactory"/> use that factory's meter, the others a
/// process-wide one, so several pools on one meter add up. Steps and restarts are counted where they happen (one
/// check of <see cref="Instrument.Enabled"/> while nobody listens, no allocation); open envs and workers by state
/// are kept here and observed, so a listener that attaches late (dotnet-counters) reads their current values.
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
    private readonly Counter<long> _restarts;
    private readonly int[] _envsOpen = new int[2]; // single, vector
    private readonly int[] _workers = new int[States.Length]; // by WorkerState, Stopped excepted

    private PoolMetrics(Meter meter)
    {
        _steps = meter.CreateCounter<long>(GymBridgeMetrics.Steps, "{step}", "Env steps that returned a result (a vector step of N envs counts N).");
        _stepDuration = meter.CreateHistogram(GymBridgeMetrics.StepDuration, "s", "Step latency as the caller saw it.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = StepBuckets });
        meter.CreateObservableUpDownCounter(GymBridgeMetrics.EnvsOpen, ObserveEnvs, "{env}", "Envs made and not yet disposed.");
        meter.CreateObservableUpDownCounter(GymBridgeMetrics.Workers, ObserveWorkers, "{worker}", "Worker slots of running pools, by state.");
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

    public void EnvOpened(bool vector) => Interlocked.Increment(ref _envsOpen[vector ? 1 : 0]);

    public void EnvClosed(bool vector) => Interlocked.Decrement(ref _envsOpen[vector ? 1 : 0]);

    /// <summary>A slot went from <paramref name="from"/> to <paramref name="to"/>; null is outside a running pool (before it started, after it stopped).</summary>
    public void WorkerStateChanged(WorkerState? from, WorkerState? to)
    {
        if (from == to)
        {
            return;
        }

        if (from is { } left && left != WorkerState.Stopped)
        {
            Interlocked.Decrement(ref _workers[(int)left]);
        }

        if (to is { } entered && entered != WorkerState.Stopped)
        {
            Interlocked.Increment(ref _workers[(int)entered]);
        }
    }

    public void WorkerRestarted() => _restarts.Add(1);

    private Measurement<int>[] ObserveEnvs() => [new(Volatile.Read(ref _envsOpen[0]), Single), new(Volatile.Read(ref _envsOpen[1]), Vector)];

    private IEnumerable<Measurement<int>> ObserveWorkers() =>
        States.Select((state, index) => new Measurement<int>(Volatile.Read(ref _workers[index]), state));
}
