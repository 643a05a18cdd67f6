using System.Diagnostics;
using GymBridge.Vector;

namespace GymBridge.Benchmarks;

/// <summary>A vector env stepped as fast as the library allows, with pre-drawn Discrete actions.</summary>
public static class VectorBenchmark
{
    /// <summary>Synchronous steps of all envs at once (<see cref="VectorEnv.Step{T}(ReadOnlySpan{T})"/>).</summary>
    public static async Task<Throughput> StepAsync(EnvPool pool, string envId, int numEnvs, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(pool);
        await using var vector = await pool.MakeVectorAsync(envId, numEnvs);
        vector.Reset(seed: 0);
        var actions = DrawActions(numEnvs);
        long batches = 0;
        var cpu = CpuTimes.Now(pool);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            vector.Step<long>(actions[batches % actions.Length]);
            batches++;
        }

        return Rate(batches * numEnvs, clock.Elapsed, CpuTimes.Now(pool) - cpu);
    }

    /// <summary>
    /// EnvPool's asynchronous mode: every env in flight, and each <see cref="VectorEnv.RecvAsync"/> takes the first
    /// <paramref name="batchSize"/> envs to finish (whole slices, one env each here) and sends them on at once.
    /// </summary>
    public static async Task<Throughput> SendRecvAsync(EnvPool pool, string envId, int numEnvs, int batchSize, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(pool);
        await using var vector = await pool.MakeVectorAsync(envId, numEnvs);
        vector.Reset(seed: 0);
        var random = new Random(0);
        var actions = vector.Actions<long>();
        for (var i = 0; i < numEnvs; i++)
        {
            actions[i] = random.Next(2);
        }

        await vector.SendAsync([.. Enumerable.Range(0, numEnvs)]);
        long steps = 0;
        var cpu = CpuTimes.Now(pool);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var ready = await vector.RecvAsync(batchSize);
            steps += ready.Length;
            var buffer = vector.Actions<long>();
            foreach (var id in ready)
            {
                buffer[id] = random.Next(2);
            }

            await vector.SendAsync(ready);
        }

        var elapsed = clock.Elapsed;
        var used = CpuTimes.Now(pool) - cpu;
        await vector.RecvAsync(numEnvs);
        return Rate(steps, elapsed, used);
    }

    private static long[][] DrawActions(int numEnvs)
    {
        var random = new Random(0);
        return [.. Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, numEnvs).Select(_ => (long)random.Next(2)).ToArray())];
    }

    private static Throughput Rate(long steps, TimeSpan elapsed, CpuTimes cpu) => new(steps / elapsed.TotalSeconds, steps / cpu.TotalSeconds);
}
