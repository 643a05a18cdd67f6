using System.Diagnostics;
using System.Diagnostics.Metrics;
using GymBridge.Diagnostics;
using GymBridge.IntegrationTests.Reliability;
using GymBridge.IntegrationTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>A real pool's metrics on its own meter factory: steps, step latencies, open envs, workers by state, restarts.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public async Task Stepping_envs_counts_steps_with_their_latencies_and_open_envs_go_up_and_down()
    {
        using var steps = Collect<long>(GymBridgeMetrics.Steps);
        using var durations = Collect<double>(GymBridgeMetrics.StepDuration);
        using var open = Collect<int>(GymBridgeMetrics.EnvsOpen);
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2), meterFactory: Meters);

        await using (var env = await pool.MakeAsync("CartPole-v1"))
        {
            Assert.Equal(1, Now(open, GymBridgeMetrics.EnvKindTag, "single"));
            env.Reset(seed: 0);
            for (var i = 0; i < 5; i++)
            {
                env.Step(i % 2);
            }
        }

        await using (var vector = await pool.MakeVectorAsync("CartPole-v1", 4))
        {
            Assert.Equal(1, Now(open, GymBridgeMetrics.EnvKindTag, "vector"));
            vector.Reset(seed: 0);
            vector.Actions<long>().Fill(1);
            vector.Step();
            vector.Step();
        }

        Assert.Equal(0, Now(open, GymBridgeMetrics.EnvKindTag, "single"));
        Assert.Equal(0, Now(open, GymBridgeMetrics.EnvKindTag, "vector"));
        Assert.Equal(5, Sum(steps, GymBridgeMetrics.EnvKindTag, "single"));
        Assert.Equal(8, Sum(steps, GymBridgeMetrics.EnvKindTag, "vector"));
        Assert.All(steps.GetMeasurementSnapshot(), m => Assert.Equal("CartPole-v1", m.Tags[GymBridgeMetrics.EnvIdTag]));
        var latencies = durations.GetMeasurementSnapshot();
        Assert.Equal(5, latencies.Count(m => (string?)m.Tags[GymBridgeMetrics.EnvKindTag] == "single"));
        Assert.Equal(2, latencies.Count(m => (string?)m.Tags[GymBridgeMetrics.EnvKindTag] == "vector"));
        Assert.All(latencies, m => Assert.InRange(m.Value, 1e-7, Eventually.Guard.TotalSeconds));
    }

    [Fact]
    public async Task A_killed_worker_shows_as_restarting_then_running_again_and_counts_one_restart()
    {
        using var workers = Collect<int>(GymBridgeMetrics.Workers);
        using var restarts = Collect<long>(GymBridgeMetrics.Restarts);
        var options = PoolFixture.Options(workers: 2);
        options.RestartDelay = TimeSpan.FromMilliseconds(50);
        var pool = await EnvPool.StartAsync(options, meterFactory: Meters);
        Assert.Equal(2, Now(workers, GymBridgeMetrics.WorkerStateTag, "running"));

        Process.GetProcessById(pool.Workers[0].Pid).Kill();
        await Eventually.HoldsAsync(() => Now(workers, GymBridgeMetrics.WorkerStateTag, "running") == 1, "the killed worker's slot leaves running");
        await Eventually.HoldsAsync(() => restarts.GetMeasurementSnapshot().Sum(m => m.Value) == 1 && Now(workers, GymBridgeMetrics.WorkerStateTag, "running") == 2, "one restart, both slots running");
        Assert.Contains(workers.GetMeasurementSnapshot(), m => m.Value == 1 && (string?)m.Tags[GymBridgeMetrics.WorkerStateTag] == "restarting");
        Assert.Equal(0, Now(workers, GymBridgeMetrics.WorkerStateTag, "restarting"));

        await pool.DisposeAsync();
        Assert.Equal(0, Now(workers, GymBridgeMetrics.WorkerStateTag, "running"));
    }

    public void Dispose() => _services.Dispose();

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(Meters, GymBridgeMetrics.MeterName, instrument);

    /// <summary>What an observed instrument reads now for one tag value.</summary>
    private static int Now(MetricCollector<int> collector, string tag, string value)
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot().Last(m => (string?)m.Tags[tag] == value).Value;
    }

    private static long Sum<T>(MetricCollector<T> collector, string tag, string value)
        where T : struct =>
        collector.GetMeasurementSnapshot().Where(m => (string?)m.Tags[tag] == value).Sum(m => Convert.ToInt64(m.Value, System.Globalization.CultureInfo.InvariantCulture));
}
