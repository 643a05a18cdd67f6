using System.Diagnostics;

namespace GymBridge.Benchmarks;

/// <summary>Steps per second, step latency percentiles, and the CPU both sides used (host process, all workers).</summary>
public readonly record struct SingleStepResult(double StepsPerSecond, double P50Microseconds, double P99Microseconds, long Steps, double Seconds, CpuTimes Cpu)
{
    public double StepsPerCpuSecond => Steps / Cpu.TotalSeconds;

    /// <summary>The host's CPU time per second of wall time, in percent of one core.</summary>
    public double HostCpuPercent => 100 * Cpu.Host.TotalSeconds / Seconds;

    /// <summary>The workers' CPU time per second of wall time, in percent of one core.</summary>
    public double WorkerCpuPercent => 100 * Cpu.Workers.TotalSeconds / Seconds;
}

/// <summary>One env stepped with pre-drawn actions: as fast as the library allows, or once per <c>pace</c>.</summary>
public static class SingleStepBenchmark
{
    public static async Task<SingleStepResult> RunAsync(EnvPool pool, string envId, TimeSpan duration, TimeSpan? pace = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        await using var env = await pool.MakeAsync(envId);
        env.Reset(seed: 0);
        var random = new Random(0);
        var actions = Enumerable.Range(0, 1024).Select(_ => (Values.GymValue)random.Next(2)).ToArray();
        var latencies = new List<double>(200_000);
        var cpu = CpuTimes.Now(pool);
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

            if (pace is { } interval && interval * steps - total.Elapsed is { Ticks: > 0 } wait)
            {
                Thread.Sleep(wait);
            }
        }

        var seconds = total.Elapsed.TotalSeconds;
        return new SingleStepResult(steps / seconds, Statistics.Percentile(latencies, 0.5), Statistics.Percentile(latencies, 0.99), steps, seconds, CpuTimes.Now(pool) - cpu);
    }
}
