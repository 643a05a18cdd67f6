using System.Collections.Concurrent;
using System.Diagnostics;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Supervision;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>kill -9 of a worker while eight threads step envs on every worker.</summary>
[Collection(RunsAlone.Name)]
public sealed class WorkerKillTests(ITestOutputHelper output)
{
    private const int Threads = 8;

    [Fact]
    public async Task The_other_envs_keep_stepping_the_lost_ones_throw_EnvLost_and_a_replacement_takes_new_envs()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
        var events = new ConcurrentQueue<(long At, WorkerStateChangedEventArgs Change)>();
        pool.WorkerStateChanged += (_, change) => events.Enqueue((Stopwatch.GetTimestamp(), change));
        var envs = new RemoteEnv[Threads];
        for (var i = 0; i < Threads; i++)
        {
            envs[i] = await pool.MakeAsync("CartPole-v1");
            envs[i].Reset(seed: i);
        }

        var victimPid = pool.GetStats().Workers[0].Pid!.Value;
        Assert.Equal(Threads / 2, envs.Count(e => e.WorkerPid == victimPid));
        using var steppers = new Steppers(envs);
        await Eventually.HoldsAsync(() => steppers.Steps.All(s => Volatile.Read(ref s) >= 20), "every thread stepped");

        var killedAt = Stopwatch.GetTimestamp();
        Process.GetProcessById(victimPid).Kill();

        var lost = Enumerable.Range(0, Threads).Where(i => envs[i].WorkerPid == victimPid).ToArray();
        var survivors = Enumerable.Range(0, Threads).Except(lost).ToArray();
        await Eventually.HoldsAsync(() => lost.All(i => steppers.Errors[i] is not null), "every env of the killed worker failed");
        var stepsAtLoss = survivors.Select(i => Volatile.Read(ref steppers.Steps[i])).ToArray();
        await Eventually.HoldsAsync(
            () => survivors.Select((i, n) => Volatile.Read(ref steppers.Steps[i]) - stepsAtLoss[n]).All(more => more >= 100),
            "the envs of the other worker kept stepping");
        Assert.All(lost, i => Assert.IsType<EnvLostException>(steppers.Errors[i]));
        Assert.All(survivors, i => Assert.Null(steppers.Errors[i]));

        await Eventually.HoldsAsync(() => pool.GetStats().Workers[0] is { State: WorkerState.Running, Pid: { } pid } && pid != victimPid, "worker 0 was replaced");
        var stats = pool.GetStats();
        var replacementPid = stats.Workers[0].Pid!.Value;
        Assert.Equal(1, stats.Restarts);
        Assert.Equal(2, stats.LiveWorkers);
        Assert.NotNull(stats.Workers[0].LastFailure);

        await using (var fresh = await pool.MakeAsync("CartPole-v1"))
        {
            Assert.Equal(replacementPid, fresh.WorkerPid);
            fresh.Reset(seed: 0);
            Assert.Equal(1.0, fresh.Step(0).Reward);
        }

        foreach (var i in lost)
        {
            // Still lost: never answered by the replacement, whose handles could collide with the old ones.
            await Assert.ThrowsAsync<EnvLostException>(() => envs[i].StepAsync(0).AsTask().WaitAsync(Eventually.Guard));
        }

        steppers.Stop();
        await Eventually.HoldsAsync(() => events.Count == 2, "the supervisor reported the death and the restart");
        var changes = events.Select(e => e.Change).ToArray();
        Assert.Equal([WorkerState.Restarting, WorkerState.Running], changes.Select(c => c.State));
        Assert.Equal(victimPid, changes[0].Pid);
        Assert.IsType<EnvLostException>(changes[0].Reason);
        Assert.Equal(replacementPid, changes[1].Pid);

        var detection = lost.Select(i => Stopwatch.GetElapsedTime(killedAt, steppers.FailedAt[i]).TotalMilliseconds).ToArray();
        output.WriteLine($"kill -9 → EnvLostException in the stepping threads: first {detection.Min():0.0} ms, last {detection.Max():0.0} ms");
        output.WriteLine($"kill -9 → supervisor event: {Stopwatch.GetElapsedTime(killedAt, events.First().At).TotalMilliseconds:0.0} ms; " +
            $"→ replacement running: {Stopwatch.GetElapsedTime(killedAt, events.Last().At).TotalMilliseconds:0.0} ms");
        output.WriteLine($"steps: {stats.Steps}, p50 {stats.StepLatencyP50.TotalMicroseconds} µs, p99 {stats.StepLatencyP99.TotalMicroseconds} µs");
        foreach (var env in envs)
        {
            await env.DisposeAsync();
        }
    }

    /// <summary>One thread per env, stepping it (and resetting it after each episode) until stopped or until a call throws.</summary>
    private sealed class Steppers : IDisposable
    {
        private readonly Thread[] _threads;
        private volatile bool _stop;

        public Steppers(RemoteEnv[] envs)
        {
            Steps = new long[envs.Length];
            Errors = new Exception?[envs.Length];
            FailedAt = new long[envs.Length];
            _threads = [.. envs.Select((env, i) => new Thread(() => Run(env, i)) { IsBackground = true, Name = $"stepper {i}" })];
            foreach (var thread in _threads)
            {
                thread.Start();
            }
        }

        public long[] Steps { get; }

        public Exception?[] Errors { get; }

        public long[] FailedAt { get; }

        public void Stop()
        {
            _stop = true;
            foreach (var thread in _threads)
            {
                Assert.True(thread.Join(Eventually.Guard), $"{thread.Name} hangs");
            }
        }

        public void Dispose()
        {
            _stop = true;
        }

        private void Run(RemoteEnv env, int index)
        {
            try
            {
                for (var step = 0; !_stop; step++)
                {
                    if (env.Step(step % 2).Done)
                    {
                        env.Reset();
                    }

                    Interlocked.Increment(ref Steps[index]);
                }
            }
            catch (GymBridgeException error)
            {
                FailedAt[index] = Stopwatch.GetTimestamp();
                Errors[index] = error;
            }
        }
    }
}
