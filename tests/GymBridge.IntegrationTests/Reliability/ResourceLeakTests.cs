using System.Diagnostics;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Supervision;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>Making and closing envs, restarting workers and stopping pools leave processes, file descriptors and shared memory where they were.</summary>
[Collection(RunsAlone.Name)]
public sealed class ResourceLeakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_thousand_make_close_cycles_leave_processes_descriptors_and_shared_memory_unchanged()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
        await CyclesAsync(pool, 20);
        var before = ResourceCounts.Baseline();
        var workerFds = pool.Workers.Select(w => ResourceCounts.FileDescriptorsOf(w.Pid)).ToArray();

        var watch = Stopwatch.StartNew();
        await CyclesAsync(pool, 1000);
        var elapsed = watch.Elapsed;

        var after = ResourceCounts.Now();
        output.WriteLine($"1000 make/reset/step/close cycles in {elapsed.TotalSeconds:0.00} s; before {before}, after {after}; " +
            $"worker fds {string.Join("/", workerFds)} → {string.Join("/", pool.Workers.Select(w => ResourceCounts.FileDescriptorsOf(w.Pid)))}");
        Assert.Equal(before, after);
        Assert.Equal(workerFds, pool.Workers.Select(w => ResourceCounts.FileDescriptorsOf(w.Pid)));
        var stats = pool.GetStats();
        Assert.Equal(0, stats.Envs);
        Assert.Equal(0, stats.Restarts);
        Assert.All(stats.Workers, w => Assert.Equal(0, w.Envs));
    }

    [Fact]
    public async Task Restarting_killed_workers_and_disposing_their_lost_envs_leaves_processes_and_descriptors_unchanged()
    {
        var options = PoolFixture.Options();
        options.MaxRestarts = 10;
        options.RestartDelay = TimeSpan.Zero;
        await using var pool = await EnvPool.StartAsync(options);
        await CyclesAsync(pool, 5);
        var before = ResourceCounts.Baseline();

        for (var i = 0; i < 5; i++)
        {
            var pid = pool.Workers[0].Pid;
            var lost = await pool.MakeAsync("CartPole-v1");
            Process.GetProcessById(pid).Kill();
            await Eventually.HoldsAsync(() => pool.GetStats().Workers[0] is { State: WorkerState.Running, Pid: { } now } && now != pid, "worker 0 was replaced");
            await CyclesAsync(pool, 5);

            // The dead worker's connection lives on for its envs, and goes with the last of them.
            await Assert.ThrowsAsync<EnvLostException>(() => lost.ResetAsync().AsTask());
            await lost.DisposeAsync();
        }

        // The dead workers were reaped and everything they held was freed.
        await Eventually.HoldsAsync(() => ResourceCounts.Now() == before, $"resources back to {before} (now {ResourceCounts.Now()})");
        Assert.Equal(5, pool.GetStats().Restarts);
    }

    [Fact]
    public async Task Starting_and_stopping_pools_leaves_nothing_behind()
    {
        await (await EnvPool.StartAsync(PoolFixture.Options())).DisposeAsync();
        var before = ResourceCounts.Baseline();
        for (var i = 0; i < 5; i++)
        {
            var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
            await CyclesAsync(pool, 5);
            await pool.DisposeAsync();
        }

        await Eventually.HoldsAsync(() => ResourceCounts.Now() == before, $"resources back to {before} (now {ResourceCounts.Now()})");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    public async Task Stopping_the_pool_while_a_worker_restarts_leaves_no_process_behind(int restartDelayMs)
    {
        var baseline = ResourceCounts.ChildPids();
        var options = PoolFixture.Options();
        options.RestartDelay = TimeSpan.FromMilliseconds(restartDelayMs);
        var pool = await EnvPool.StartAsync(options);
        var pid = pool.Workers[0].Pid;
        Process.GetProcessById(pid).Kill();
        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0].State == WorkerState.Restarting, "worker 0 is restarting");
        if (restartDelayMs == 0)
        {
            // Stop while the replacement's Python is starting up.
            await Eventually.HoldsAsync(() => ResourceCounts.ChildPids().Except(baseline).Any(p => p != pid), "the replacement process was spawned");
        }

        await pool.DisposeAsync();
        await Eventually.HoldsAsync(() => !ResourceCounts.ChildPids().Except(baseline).Any(), "no worker process is left");
        Assert.Equal(WorkerState.Stopped, pool.GetStats().Workers[0].State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.MakeAsync("CartPole-v1"));
    }

    [Fact]
    public async Task Stopping_the_pool_wakes_a_make_that_waits_for_a_restart()
    {
        var options = PoolFixture.Options();
        options.RestartDelay = TimeSpan.FromSeconds(30);
        var pool = await EnvPool.StartAsync(options);
        Process.GetProcessById(pool.Workers[0].Pid).Kill();
        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0].State == WorkerState.Restarting, "worker 0 is restarting");
        var waiting = pool.MakeAsync("CartPole-v1");
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        await pool.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Eventually.Guard));
    }

    private static async Task CyclesAsync(EnvPool pool, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var env = await pool.MakeAsync("CartPole-v1");
            env.Reset(seed: i);
            env.Step(i % 2);
            if (i % 2 == 0)
            {
                env.Dispose();
            }
            else
            {
                await env.DisposeAsync();
            }

            if (i % 100 == 0)
            {
                await Assert.ThrowsAsync<UnknownEnvException>(() => pool.MakeAsync("NoSuchEnv-v0"));
            }
        }
    }
}
