using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>Steps per second and step latency percentiles.</summary>
public readonly record struct SingleStepResult(double StepsPerSecond, double P50Microseconds, double P99Microseconds);

/// <summary>One CartPole env stepped as fast as the library allows, with pre-drawn actions.</summary>
public static class SingleStepBenchmark
{
    public static async Task<SingleStepResult> RunAsync(EnvPool pool, string envId, TimeSpan duration)
    {
        await using var env = await pool.MakeAsync(envId);
        env.Reset(seed: 0);
        var random = new Random(0);
        var actions = Enumerable.Range(0, 1024).Select(_ => (Values.GymValue)random.Next(2)).ToArray();
        var latencies = new List<double>(200_000);
        var total = Stopwatch.StartNew();
        long steps = 0;
        while (total.Elapsed < duration)
        {
            var before = Stopwatch.GetTimestamp();
            var step = env.Step(actions[steps & 1023]);
            latencies.Add(Stopwatch.GetElapsedTime(before).TotalMicroseconds);
            steps++;
            if (step.Done)
            {
                env.Reset();
            }
        }

        return new SingleStepResult(steps / total.Elapsed.TotalSeconds, Statistics.Percentile(latencies, 0.5), Statistics.Percentile(latencies, 0.99));
    }
}
