using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using GymBridge.Diagnostics;
using GymBridge.Envs;

namespace GymBridge.Benchmarks.Suite;

/// <summary>
/// What the GymBridge meter costs a single library step: nobody listening (the default), and a listener that
/// takes every measurement (as dotnet-counters or an OpenTelemetry exporter would, minus their aggregation);
/// <see cref="RecordStep"/> is the recording alone, which a busy machine's noise cannot hide in.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromMicroseconds(8);
    private readonly PoolMetrics _metrics = PoolMetrics.For(meterFactory: null);
    private EnvPool _pool = null!;
    private RemoteEnv _env = null!;
    private MeterListener? _listener;
    private long _n;
    private long _steps;
    private double _seconds;

    [Params(false, true)]
    public bool Listened { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pool = await EnvPool.StartAsync(new GymBridgeOptions { SpinPolicy = SpinPolicy.Auto });
        _env = await _pool.MakeAsync("CartPole-v1");
        _env.Reset(seed: 0);
        if (Listened)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == GymBridgeMetrics.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument, this);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>(static (_, value, _, state) => Interlocked.Add(ref ((MetricsBenchmarks)state!)._steps, value));
            _listener.SetMeasurementEventCallback<double>(static (_, value, _, state) => ((MetricsBenchmarks)state!)._seconds += value);
            _listener.Start();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _listener?.Dispose();
        await _env.DisposeAsync();
        await _pool.DisposeAsync();
    }

    [Benchmark]
    public bool SingleStep()
    {
        var step = _env.Step(_n++ & 1);
        if (step.Done)
        {
            _env.Reset();
        }

        return step.Done;
    }

    [Benchmark]
    public void RecordStep() => _metrics.SingleStepCompleted("CartPole-v1", Elapsed);
}
