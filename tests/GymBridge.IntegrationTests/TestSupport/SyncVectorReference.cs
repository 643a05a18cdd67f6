using System.Runtime.InteropServices;
using GymBridge.Values;
using GymBridge.Vector;
using Xunit;

namespace GymBridge.IntegrationTests.TestSupport;

/// <summary>
/// Gymnasium's SyncVectorEnv run live (reference_vector.py) and replayed against a vector env of the library step for
/// step: observations, rewards, flags and infos after the reset, every step and every partial reset.
/// </summary>
internal static class SyncVectorReference
{
    public const int NumEnvs = 5;
    private const int Seed = 77, Steps = 150;

    /// <summary>Every autoreset mode on CartPole, a Discrete-observation env and a Box-action env with a step limit.</summary>
    public static TheoryData<AutoresetMode, string, int> Cases => new()
    {
        { AutoresetMode.NextStep, "CartPole-v1", 0 },
        { AutoresetMode.SameStep, "CartPole-v1", 0 },
        { AutoresetMode.Disabled, "CartPole-v1", 0 },
        { AutoresetMode.SameStep, "FrozenLake-v1", 0 },
        { AutoresetMode.NextStep, "MountainCarContinuous-v0", 40 },
    };

    /// <summary>The vector options the reference was run with.</summary>
    public static VectorOptions Options(AutoresetMode mode, int maxEpisodeSteps)
    {
        var options = new VectorOptions { AutoresetMode = mode };
        options.Make.MaxEpisodeSteps = maxEpisodeSteps > 0 ? maxEpisodeSteps : null;
        return options;
    }

    public static Task<GymValue> RunAsync(string envId, AutoresetMode mode, int maxEpisodeSteps)
    {
        string[] limit = maxEpisodeSteps > 0 ? [$"{maxEpisodeSteps}"] : [];
        return PythonScript.RunAsync("reference_vector.py", [envId, $"{NumEnvs}", $"{Seed}", $"{Steps}", mode.ToString(), .. limit]);
    }

    /// <summary>Resets <paramref name="vector"/> (made with <see cref="Options"/>) and steps it with the reference's actions, asserting each result equal.</summary>
    public static async Task AssertReplaysAsync(GymValue expected, IVectorEnv vector)
    {
        await vector.ResetAsync(seed: Seed);
        AssertObservations(expected["reset"][0], vector, "reset");
        AssertInfos(expected["reset"][1], vector, "reset");
        var ended = 0;
        for (var t = 0; t < Steps; t++)
        {
            var want = expected["steps"][t];
            WriteActions(vector, want[0].AsArray());
            await vector.StepAsync();
            AssertObservations(want[1], vector, $"step {t}");
            Assert.Equal(want[2].AsArray().ToArray<double>(), vector.Rewards.ToArray());
            Assert.Equal(want[3].AsArray().ToArray<bool>(), vector.Terminated.ToArray());
            Assert.Equal(want[4].AsArray().ToArray<bool>(), vector.Truncated.ToArray());
            AssertInfos(want[5], vector, $"step {t}");
            ended += vector.Terminated.ToArray().Count(x => x) + vector.Truncated.ToArray().Count(x => x);
            if (!want[6].IsNone)
            {
                await vector.ResetAsync(resetMask: want[6][0].AsArray().ToArray<bool>());
                AssertObservations(want[6][1], vector, $"partial reset after step {t}");
                AssertInfos(want[6][2], vector, $"partial reset after step {t}");
            }
        }

        Assert.True(ended > 0, "no episode ended: autoreset was not exercised");
    }

    private static void WriteActions(IVectorEnv vector, NDArray actions)
    {
        if (actions.DType == DType.Int64)
        {
            actions.AsSpan<long>().CopyTo(vector.Actions<long>());
        }
        else
        {
            actions.AsSpan<float>().CopyTo(vector.Actions<float>());
        }
    }

    private static void AssertObservations(GymValue expected, IVectorEnv vector, string where)
    {
        var want = expected.AsArray();
        var got = want.DType == DType.Int64
            ? MemoryMarshal.AsBytes(vector.Observations<long>()).ToArray()
            : MemoryMarshal.AsBytes(vector.Observations<float>()).ToArray();
        Assert.True(want.Data.Span.SequenceEqual(got), $"{where}: observations differ from SyncVectorEnv's");
    }

    private static void AssertInfos(GymValue expected, IVectorEnv vector, string where) =>
        Assert.True(GymValue.DeepEquals(expected, vector.Infos), $"{where}: infos {vector.Infos}, SyncVectorEnv had {expected}");
}
