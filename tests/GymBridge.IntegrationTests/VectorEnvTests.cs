using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Spaces;
using GymBridge.Values;
using GymBridge.Vector;
using Xunit;

namespace GymBridge.IntegrationTests;

public sealed class VectorEnvTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private EnvPool Pool => fixture.Pool;

    [Theory]
    [MemberData(nameof(SyncVectorReference.Cases), MemberType = typeof(SyncVectorReference))]
    public async Task Equals_gymnasiums_SyncVectorEnv_step_for_step(AutoresetMode mode, string envId, int maxEpisodeSteps)
    {
        var expected = await SyncVectorReference.RunAsync(envId, mode, maxEpisodeSteps);
        await using var vector = await Pool.MakeVectorAsync(envId, SyncVectorReference.NumEnvs, SyncVectorReference.Options(mode, maxEpisodeSteps));
        Assert.Equal(2, vector.Slices.Count); // spread over both workers

        await SyncVectorReference.AssertReplaysAsync(expected, vector);
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
}
