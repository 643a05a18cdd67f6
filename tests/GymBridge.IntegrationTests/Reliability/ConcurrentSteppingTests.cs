using GymBridge.Envs;
using GymBridge.IntegrationTests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace GymBridge.IntegrationTests.Reliability;

/// <summary>Many threads stepping different envs at once: each gets its own env's answers, and the hot path's allocations stay small.</summary>
[Collection(RunsAlone.Name)]
public sealed class ConcurrentSteppingTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private const int Steps = 300;

    [Fact]
    public async Task Eight_threads_stepping_envs_on_two_workers_each_see_exactly_their_own_trajectory()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options(workers: 2));
        var envs = new RemoteEnv[Threads];
        for (var i = 0; i < Threads; i++)
        {
            envs[i] = await pool.MakeAsync("CartPole-v1");
        }

        Assert.Equal(Threads / 2, envs.Count(e => e.WorkerIndex == 0));
        var expected = envs.Select((env, i) => Run(env, seed: i)).ToArray();

        var actual = new List<double>[Threads];
        var threads = envs.Select((env, i) => new Thread(() => actual[i] = Run(env, seed: i))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a stepping thread hangs");
        }

        for (var i = 0; i < Threads; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }

        var stats = pool.GetStats();
        Assert.Equal(2L * Threads * Steps, stats.Steps);
        Assert.Equal(Threads, stats.Envs);
        Assert.All(stats.Workers, w => Assert.True(w.Requests >= Threads / 2 * Steps * 2, $"worker {w.Index} served {w.Requests} requests"));
        Assert.True(stats.StepLatencyP50 > TimeSpan.Zero && stats.StepLatencyP99 >= stats.StepLatencyP50);
        output.WriteLine($"{stats.Steps} steps, p50 {stats.StepLatencyP50.TotalMicroseconds} µs, p99 {stats.StepLatencyP99.TotalMicroseconds} µs");

        // The same load without recording anything: what the bridge itself allocates per step when four threads share each worker.
        GymBridge.Values.GymValue[] actions = [0, 1];
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var plain = envs.Select(env => new Thread(() => Step(env, actions, Steps))).ToArray();
        foreach (var thread in plain)
        {
            thread.Start();
        }

        foreach (var thread in plain)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a stepping thread hangs");
        }

        output.WriteLine($"allocated per step with 8 threads on 2 workers: {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)(Threads * Steps):0} B");
        foreach (var env in envs)
        {
            await env.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_step_allocates_little_beyond_its_result()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        await using var env = await pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        GymBridge.Values.GymValue[] actions = [0, 1];
        Step(env, actions, 1000);

        const int count = 5_000;
        var total = GC.GetTotalAllocatedBytes(precise: true);
        var thread = GC.GetAllocatedBytesForCurrentThread();
        Step(env, actions, count);
        var perStep = (GC.GetTotalAllocatedBytes(precise: true) - total) / (double)count;
        var onCaller = (GC.GetAllocatedBytesForCurrentThread() - thread) / (double)count;

        // StepResult, observation NDArray with its shape and bytes, and an info map are the unavoidable part (~250 B).
        output.WriteLine($"allocated per CartPole step: {perStep:0} B in the whole process, {onCaller:0} B on the calling thread");
        Assert.InRange(perStep, 0, 2048);
    }

    private static void Step(RemoteEnv env, GymBridge.Values.GymValue[] actions, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (env.Step(actions[i & 1]).Done)
            {
                env.Reset();
            }
        }
    }

    private static List<double> Run(RemoteEnv env, int seed)
    {
        var trajectory = new List<double>();
        var random = new Random(seed);
        env.Reset(seed: seed);
        for (var step = 0; step < Steps; step++)
        {
            var result = env.Step(random.Next(2));
            trajectory.AddRange(result.Observation.AsArray().ToArray<float>().Select(x => (double)x));
            trajectory.Add(result.Reward);
            if (result.Done)
            {
                trajectory.Add(-1); // episode boundary
                env.Reset();
            }
        }

        return trajectory;
    }
}
