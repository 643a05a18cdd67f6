using System.Runtime.InteropServices;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;
using Xunit;

namespace GymBridge.IntegrationTests;

public sealed class VectorEnvTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private const int Seed = 77;

    private EnvPool Pool => fixture.Pool;

    [Theory]
    [InlineData(AutoresetMode.NextStep, "CartPole-v1", 0)]
    [InlineData(AutoresetMode.SameStep, "CartPole-v1", 0)]
    [InlineData(AutoresetMode.Disabled, "CartPole-v1", 0)]
    [InlineData(AutoresetMode.SameStep, "FrozenLake-v1", 0)]
    [InlineData(AutoresetMode.NextStep, "MountainCarContinuous-v0", 40)]
    public async Task Equals_gymnasiums_SyncVectorEnv_step_for_step(AutoresetMode mode, string envId, int maxEpisodeSteps)
    {
        const int numEnvs = 5, steps = 150;
        string[] limit = maxEpisodeSteps > 0 ? [$"{maxEpisodeSteps}"] : [];
        var expected = await PythonScript.RunAsync("reference_vector.py", [envId, $"{numEnvs}", $"{Seed}", $"{steps}", mode.ToString(), .. limit]);
        var options = new VectorOptions { AutoresetMode = mode };
        options.Make.MaxEpisodeSteps = maxEpisodeSteps > 0 ? maxEpisodeSteps : null;
        await using var vector = await Pool.MakeVectorAsync(envId, numEnvs, options);
        Assert.Equal(2, vector.Slices.Count); // spread over both workers

        await vector.ResetAsync(seed: Seed);
        AssertObservations(expected["reset"][0], vector, "reset");
        AssertInfos(expected["reset"][1], vector, "reset");
        var ended = 0;
        for (var t = 0; t < steps; t++)
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

    [Fact]
    public async Task Actions_and_results_are_spans_over_shared_memory()
    {
        await using var vector = await Pool.MakeVectorAsync("CartPole-v1", 8);
        Assert.IsType<DiscreteSpace>(vector.SingleActionSpace);
        Assert.Equal([4], vector.ObservationShape);
        Assert.Equal(DType.Float32, vector.ObservationDType);
        vector.Reset(seed: 1);
        vector.Actions<long>().Fill(1);
        vector.Step();
        Assert.Equal(8 * 4, vector.Observations<float>().Length);
        Assert.All(vector.Rewards.ToArray(), r => Assert.Equal(1.0, r));
        vector.Step([0L, 1, 0, 1, 0, 1, 0, 1]);
        Assert.Throws<InvalidCastException>(() => vector.Actions<int>());
        Assert.Throws<ArgumentException>(() => vector.Step([0L, 1]));
    }

    [Fact]
    public async Task Non_array_observations_travel_serialized_per_env()
    {
        await using var vector = await Pool.MakeVectorAsync("Blackjack-v1", 4);
        Assert.Throws<InvalidOperationException>(() => vector.Observations<long>());
        vector.Reset(seed: 3);
        Assert.Equal(4, vector.ObservationList.Count);
        Assert.All(vector.ObservationList, o => Assert.True(vector.SingleObservationSpace.Contains(o)));
        vector.Step([0L, 0, 0, 0]);
        Assert.All(vector.ObservationList, o => Assert.Equal(3, o.AsList().Count));
    }

    [Fact]
    public async Task Non_array_actions_travel_serialized_per_env()
    {
        await using var vector = await Pool.MakeVectorAsync("GymBridgeTest/AllSpaces-v0", 3);
        vector.Reset(seed: 4);
        vector.SingleActionSpace.Seed(4);
        var actions = Enumerable.Range(0, 3).Select(_ => vector.SingleActionSpace.Sample()).ToArray();
        await vector.StepAsync(actions);
        Assert.All(vector.Rewards.ToArray(), r => Assert.Equal(0.5, r));
        Assert.Throws<InvalidOperationException>(() => vector.Step());
    }

    [Fact]
    public async Task Send_and_recv_return_slices_as_they_finish()
    {
        await using var vector = await Pool.MakeVectorAsync("CartPole-v1", 8, new VectorOptions { SlicesPerWorker = 2 });
        Assert.Equal(4, vector.Slices.Count);
        vector.Reset(seed: 5);
        vector.Actions<long>().Clear();
        var all = Enumerable.Range(0, 8).ToArray();
        await vector.SendAsync(all);
        var seen = new List<int>();
        while (seen.Count < 8)
        {
            var ids = await vector.RecvAsync(2);
            Assert.True(ids.Length >= 2);
            seen.AddRange(ids);
        }

        Assert.Equal(all, seen.Order());
        Assert.All(vector.Rewards.ToArray(), r => Assert.Equal(1.0, r));

        await vector.SendAsync(vector.Slices[1].GetOffsetAndLength(8) is var (offset, length) ? Enumerable.Range(offset, length).ToArray() : []);
        await Assert.ThrowsAsync<InvalidOperationException>(() => vector.StepAsync().AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => vector.SendAsync([0]).AsTask());
        var second = await vector.RecvAsync(2);
        Assert.Equal([2, 3], second);
    }

    [Fact]
    public async Task Unknown_ids_and_bad_arguments_fail_clearly()
    {
        await Assert.ThrowsAsync<UnknownEnvException>(() => Pool.MakeVectorAsync("NoSuchEnv-v0", 4));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Pool.MakeVectorAsync("CartPole-v1", 0));
        await using var vector = await Pool.MakeVectorAsync("CartPole-v1", 2);
        Assert.Throws<ArgumentException>(() => vector.Reset(resetMask: [true]));
        vector.Dispose();
        Assert.Throws<EnvClosedException>(() => vector.Step());
    }

    private static void WriteActions(VectorEnv vector, NDArray actions)
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

    private static void AssertObservations(GymValue expected, VectorEnv vector, string where)
    {
        var want = expected.AsArray();
        var got = want.DType == DType.Int64
            ? MemoryMarshal.AsBytes(vector.Observations<long>()).ToArray()
            : MemoryMarshal.AsBytes(vector.Observations<float>()).ToArray();
        Assert.True(want.Data.Span.SequenceEqual(got), $"{where}: observations differ from SyncVectorEnv's");
    }

    private static void AssertInfos(GymValue expected, VectorEnv vector, string where) =>
        Assert.True(GymValue.DeepEquals(expected, vector.Infos), $"{where}: infos {vector.Infos}, SyncVectorEnv had {expected}");
}
