using System.Diagnostics.Metrics;
using GymBridge.Diagnostics;
using GymBridge.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace GymBridge.Tests.Diagnostics;

/// <summary>The library's instruments: what they record, and that the step path allocates nothing, listened to or not.</summary>
public sealed class PoolMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Pools_on_one_meter_factory_share_one_set_of_instruments_and_other_factories_get_their_own()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Assert.Same(PoolMetrics.For(Meters), PoolMetrics.For(Meters));
        Assert.NotSame(PoolMetrics.For(Meters), PoolMetrics.For(other.GetRequiredService<IMeterFactory>()));
        Assert.Same(PoolMetrics.For(null), PoolMetrics.For(null));
    }

    [Fact]
    public void Steps_are_counted_and_timed_with_their_env_id_and_kind()
    {
        using var steps = new MetricCollector<long>(Meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.Steps);
        using var durations = new MetricCollector<double>(Meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.StepDuration);
        var metrics = PoolMetrics.For(Meters);

        metrics.SingleStepCompleted("CartPole-v1", TimeSpan.FromMicroseconds(9));
        metrics.VectorStepCompleted("Pendulum-v1", 64, TimeSpan.FromMilliseconds(2));
        metrics.VectorStepCompleted("Pendulum-v1", 16, elapsed: null);

        Assert.Collection(
            steps.GetMeasurementSnapshot(),
            m => Assert.True(m.Value == 1 && m.MatchesTags(Tag(GymBridgeMetrics.EnvIdTag, "CartPole-v1"), Tag(GymBridgeMetrics.EnvKindTag, "single"))),
            m => Assert.True(m.Value == 64 && m.MatchesTags(Tag(GymBridgeMetrics.EnvIdTag, "Pendulum-v1"), Tag(GymBridgeMetrics.EnvKindTag, "vector"))),
            m => Assert.Equal(16, m.Value));
        Assert.Collection(
            durations.GetMeasurementSnapshot(),
            m => Assert.True(m.Value == 9e-6 && m.ContainsTags(GymBridgeMetrics.EnvIdTag, GymBridgeMetrics.EnvKindTag)),
            m => Assert.Equal(0.002, m.Value));
        Assert.Equal("s", durations.Instrument!.Unit);
    }

    [Fact]
    public void Worker_slots_are_observed_by_state_and_a_stopped_slot_leaves_the_count()
    {
        using var workers = new MetricCollector<int>(Meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.Workers);
        using var restarts = new MetricCollector<long>(Meters, GymBridgeMetrics.MeterName, GymBridgeMetrics.Restarts);
        var metrics = PoolMetrics.For(Meters);
        var slot = new WorkerSlot(0, new RestartIntensity(3, TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.Zero), metrics);
        Assert.Equal(1, Count(workers, "running"));

        slot.State = WorkerState.Restarting;
        Assert.Equal((0, 1), (Count(workers, "running"), Count(workers, "restarting")));
        slot.State = WorkerState.Failed;
        Assert.Equal((0, 0, 1), (Count(workers, "running"), Count(workers, "restarting"), Count(workers, "failed")));
        slot.Stop();
        Assert.Equal(0, Count(workers, "failed"));
        Assert.Empty(restarts.GetMeasurementSnapshot());
    }

    [Fact]
    public void Recording_a_step_allocates_nothing_whether_or_not_anyone_listens()
    {
        var metrics = PoolMetrics.For(Meters);
        Assert.Equal(0, AllocatedBy(() => metrics.SingleStepCompleted("CartPole-v1", TimeSpan.FromMicroseconds(9))));

        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == Meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        listener.Start();
        Assert.Equal(0, AllocatedBy(() => metrics.SingleStepCompleted("CartPole-v1", TimeSpan.FromMicroseconds(9))));
        Assert.Equal(0, AllocatedBy(() => metrics.VectorStepCompleted("CartPole-v1", 64, TimeSpan.FromMicroseconds(90))));
    }

    public void Dispose() => _services.Dispose();

    /// <summary>What the observed instrument reads now for <paramref name="state"/>.</summary>
    private static int Count(MetricCollector<int> collector, string state)
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot().Last(m => m.MatchesTags(Tag(GymBridgeMetrics.WorkerStateTag, state))).Value;
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static long AllocatedBy(Action record)
    {
        record();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            record();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
