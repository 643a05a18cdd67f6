using System.Diagnostics;
using GymBridge.Vector;

namespace GymBridge.Benchmarks;

/// <summary>A vector env stepped as fast as the library allows, with pre-drawn Discrete actions.</summary>
public static class VectorBenchmark
{
    public static async Task<double> EnvStepsPerSecondAsync(EnvPool pool, string envId, int numEnvs, TimeSpan duration)
    {
        await using var vector = await pool.MakeVectorAsync(envId, numEnvs);
        vector.Reset(seed: 0);
        var random = new Random(0);
        var actions = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, numEnvs).Select(_ => (long)random.Next(2)).ToArray()).ToArray();
        long batches = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            vector.Step<long>(actions[batches % actions.Length]);
            batches++;
        }

        return batches * numEnvs / clock.Elapsed.TotalSeconds;
    }
}
