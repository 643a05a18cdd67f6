using System.Collections.Concurrent;
using System.Diagnostics;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Supervision;
using GymBridge.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>The restart-intensity limit: a slot whose worker keeps dying stops being restarted, and the pool says so.</summary>
[Collection(RunsAlone.Name)]
public sealed class RestartLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_that_keeps_dying_is_restarted_up_to_the_limit_then_stays_down()
    {
        var options = PoolFixture.Options(workers: 2);
        options.MaxRestarts = 2;
        options.RestartDelay = TimeSpan.FromMilliseconds(50);
        using var logs = new CapturingLoggerFactory();
        await using var pool = await EnvPool.StartAsync(options, logs);
        var changes = new ConcurrentQueue<WorkerStateChangedEventArgs>();
        pool.WorkerStateChanged += (_, change) => changes.Enqueue(change);

        var restartTimes = new List<double>();
        for (var restart = 1; restart <= 2; restart++)
        {
            var pid = pool.GetStats().Workers[0].Pid!.Value;
            var killedAt = Stopwatch.GetTimestamp();
            Process.GetProcessById(pid).Kill();
            await Eventually.HoldsAsync(
                () => pool.GetStats().Workers[0] is { State: WorkerState.Running, Pid: { } now } && now != pid, $"restart {restart} of worker 0");
            restartTimes.Add(Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds);
        }

        Process.GetProcessById(pool.GetStats().Workers[0].Pid!.Value).Kill();
        await Eventually.HoldsAsync(() => changes.Any(c => c.State == WorkerState.Failed), "worker 0 gave up");
        output.WriteLine($"kill → replacement running, with 50 ms then 100 ms backoff: {string.Join(", ", restartTimes.Select(t => $"{t:0} ms"))}");

        var stats = pool.GetStats();
        Assert.Equal((WorkerState.Failed, null, 2), (stats.Workers[0].State, stats.Workers[0].Pid, stats.Workers[0].Restarts));
        Assert.NotNull(stats.Workers[0].LastFailure);
        Assert.Equal((1, 1), (stats.LiveWorkers, stats.FailedWorkers));
        Assert.Single(pool.Workers);
        Assert.Equal(
            [WorkerState.Restarting, WorkerState.Running, WorkerState.Restarting, WorkerState.Running, WorkerState.Failed],
            changes.Select(c => c.State));
        var supervision = logs.Entries.Where(e => e.Category == "GymBridge.Supervision").ToArray();
        Assert.Equal(2, supervision.Count(e => e.Level == LogLevel.Warning && e.Message.StartsWith("Worker 0 is down", StringComparison.Ordinal)));
        Assert.Equal(2, supervision.Count(e => e.Level == LogLevel.Information && e.Message.StartsWith("Worker 0 restarted as pid", StringComparison.Ordinal)));
        Assert.Single(supervision, e => e.Level == LogLevel.Error && e.Message.StartsWith("Worker 0 stays down", StringComparison.Ordinal));

        // The pool goes on with the slot that is left.
        await using var env = await pool.MakeAsync("CartPole-v1");
        Assert.Equal(1, env.WorkerIndex);
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward);
    }

    [Fact]
    public async Task With_restarts_off_a_pool_whose_only_worker_died_says_so_instead_of_waiting()
    {
        var options = PoolFixture.Options();
        options.MaxRestarts = 0;
        await using var pool = await EnvPool.StartAsync(options);
        Process.GetProcessById(pool.Workers[0].Pid).Kill();
        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0].State == WorkerState.Failed, "worker 0 gave up");

        var error = await Assert.ThrowsAsync<EnvLostException>(() => pool.MakeAsync("CartPole-v1").WaitAsync(Eventually.Guard));
        Assert.Contains("start a new pool", error.Message);
        Assert.Empty(pool.Workers);
    }

    [Fact]
    public async Task A_make_while_the_only_worker_restarts_waits_for_the_replacement()
    {
        var options = PoolFixture.Options();
        options.RestartDelay = TimeSpan.FromMilliseconds(300);
        await using var pool = await EnvPool.StartAsync(options);
        var pid = pool.Workers[0].Pid;
        Process.GetProcessById(pid).Kill();
        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0].State == WorkerState.Restarting, "worker 0 is restarting");

        await using var env = await pool.MakeAsync("CartPole-v1").WaitAsync(Eventually.Guard);
        Assert.NotEqual(pid, env.WorkerPid);
        Assert.Equal(pool.GetStats().Workers[0].Pid, env.WorkerPid);
    }

    [Fact]
    public async Task Replacements_that_fail_to_start_count_against_the_limit()
    {
        var folder = Directory.CreateTempSubdirectory("gymbridge-flaky-");
        try
        {
            // A worker package whose import module fails once the "broken" file exists.
            CopyPythonFiles(Path.Combine(RepoPaths.PythonWorker, "gymbridge_worker"), Path.Combine(folder.FullName, "gymbridge_worker"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "flaky_start.py"), """
                import pathlib
                if pathlib.Path(__file__).with_name("broken").exists():
                    raise ImportError("flaky_start was broken on purpose")
                """);
            var options = PoolFixture.Options();
            options.WorkerDirectory = folder.FullName;
            options.ImportModules.Clear();
            options.ImportModules.Add("flaky_start");
            options.MaxRestarts = 2;
            options.RestartDelay = TimeSpan.FromMilliseconds(10);
            await using var pool = await EnvPool.StartAsync(options);
            var changes = new ConcurrentQueue<WorkerStateChangedEventArgs>();
            pool.WorkerStateChanged += (_, change) => changes.Enqueue(change);

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken"), string.Empty);
            Process.GetProcessById(pool.Workers[0].Pid).Kill();
            await Eventually.HoldsAsync(() => changes.Any(c => c.State == WorkerState.Failed), "worker 0 gave up");

            var worker = pool.GetStats().Workers[0];
            Assert.Equal(0, worker.Restarts);
            Assert.Contains("flaky_start was broken on purpose", worker.LastFailure);
            Assert.Equal([WorkerState.Restarting, WorkerState.Restarting, WorkerState.Failed], changes.Select(c => c.State));
            Assert.IsType<EnvLostException>(changes.First().Reason);
            Assert.All(changes.Skip(1), c => Assert.IsType<WorkerStartException>(c.Reason));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void CopyPythonFiles(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*.py"))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
