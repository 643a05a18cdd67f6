using System.Diagnostics;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Supervision;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>Envs that raise, hang, or kill their own worker (gymbridge_testenvs).</summary>
[Collection(RunsAlone.Name)]
public sealed class MisbehavingEnvTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_env_that_raises_in_step_leaves_its_worker_running()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        var pid = pool.Workers[0].Pid;
        await using var raising = await pool.MakeAsync("GymBridgeTest/Raising-v0");
        await using var neighbour = await pool.MakeAsync("CartPole-v1");
        raising.Reset();
        neighbour.Reset(seed: 0);

        var error = await Assert.ThrowsAsync<EnvErrorException>(() => raising.StepAsync(1).AsTask().WaitAsync(Eventually.Guard));
        Assert.Contains("raised on purpose", error.Message);
        Assert.Contains("RuntimeError", error.PythonTraceback);
        Assert.Equal(1.0, raising.Step(0).Reward);
        Assert.Equal(1.0, neighbour.Step(0).Reward);

        var worker = pool.GetStats().Workers[0];
        Assert.Equal((WorkerState.Running, pid, 0, 2), (worker.State, worker.Pid, worker.Restarts, worker.Envs));
        Assert.Null(worker.LastFailure);
    }

    [Fact]
    public async Task An_env_that_hangs_times_out_per_its_own_timeout_and_its_worker_is_killed_and_restarted()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        var pid = pool.Workers[0].Pid;
        await using var hanging = await pool.MakeAsync("GymBridgeTest/Hanging-v0");
        await using var neighbour = await pool.MakeAsync("CartPole-v1");
        hanging.Reset();
        Assert.Throws<ArgumentOutOfRangeException>(() => hanging.RequestTimeout = Timeout.InfiniteTimeSpan);
        hanging.RequestTimeout = TimeSpan.FromSeconds(1); // the pool's own timeout stays at 60 s

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<WorkerTimeoutException>(() => hanging.StepAsync(1).AsTask().WaitAsync(Eventually.Guard));
        output.WriteLine($"step with a 1 s timeout failed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        Assert.Contains("hung", error.Message);
        Assert.True(await ProcessProbe.WaitForExitAsync(pid, Eventually.Guard), "the hung worker was not killed");
        await Assert.ThrowsAsync<EnvLostException>(() => neighbour.ResetAsync().AsTask().WaitAsync(Eventually.Guard));

        var replacement = await ReplacementAsync(pool, pid);
        output.WriteLine($"timeout → replacement running: {Stopwatch.GetElapsedTime(started).TotalMilliseconds - 1000:0} ms after the timeout");
        Assert.Contains("did not answer 'step' within 1 s", pool.GetStats().Workers[0].LastFailure);
        await AssertUsableAsync(pool, replacement);
        await Assert.ThrowsAsync<EnvLostException>(() => hanging.StepAsync(0).AsTask().WaitAsync(Eventually.Guard));
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("abort")]
    public async Task An_env_that_kills_its_own_process_loses_its_worker_which_is_restarted(string how)
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        var pid = pool.Workers[0].Pid;
        var options = new MakeOptions();
        options.Kwargs["how"] = how;
        await using var killer = await pool.MakeAsync("GymBridgeTest/Exiting-v0", options);
        await using var neighbour = await pool.MakeAsync("CartPole-v1");
        killer.Reset();

        await Assert.ThrowsAsync<EnvLostException>(() => killer.StepAsync(1).AsTask().WaitAsync(Eventually.Guard));
        await Assert.ThrowsAsync<EnvLostException>(() => neighbour.ResetAsync().AsTask().WaitAsync(Eventually.Guard));
        Assert.True(await ProcessProbe.WaitForExitAsync(pid, Eventually.Guard));

        var replacement = await ReplacementAsync(pool, pid);
        await AssertUsableAsync(pool, replacement);
        await Assert.ThrowsAsync<EnvLostException>(() => killer.StepAsync(0).AsTask().WaitAsync(Eventually.Guard));
        Assert.Equal(1, pool.GetStats().Restarts);
    }

    private static async Task<int> ReplacementAsync(EnvPool pool, int deadPid)
    {
        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0] is { State: WorkerState.Running, Pid: { } pid } && pid != deadPid, "worker 0 was replaced");
        return pool.GetStats().Workers[0].Pid!.Value;
    }

    private static async Task AssertUsableAsync(EnvPool pool, int pid)
    {
        await using var env = await pool.MakeAsync("CartPole-v1");
        Assert.Equal(pid, env.WorkerPid);
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(1).Reward);
    }
}
