using GymBridge.Cluster.Tests.TestSupport;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using GymBridge.Vector;
using Xunit;

namespace GymBridge.Cluster.Tests;

[Collection("cluster")]
public sealed class ClusterVectorEnvTests(ClusterFixture fixture)
{
    [Theory]
    [MemberData(nameof(SyncVectorReference.Cases), MemberType = typeof(SyncVectorReference))]
    public async Task Equals_gymnasiums_SyncVectorEnv_step_for_step_across_silos(AutoresetMode mode, string envId, int maxEpisodeSteps)
    {
        var expected = await SyncVectorReference.RunAsync(envId, mode, maxEpisodeSteps);
        await using var vector = await fixture.Cluster.Through(1).MakeVectorAsync(envId, SyncVectorReference.NumEnvs, SyncVectorReference.Options(mode, maxEpisodeSteps));

        // Free capacity 2, 1, 1 (workers): silo 0 gets two of the first four envs and each other silo one; the fifth goes
        // to the first of a three-way tie, and which silo that is depends on the ports the test cluster drew.
        Assert.Equal(vector.NumEnvs, vector.Slices.Sum(r => r.GetOffsetAndLength(vector.NumEnvs).Length));
        var perSilo = vector.Silos.Zip(vector.Slices, (silo, range) => (silo, range.GetOffsetAndLength(vector.NumEnvs).Length)).ToDictionary();
        Assert.Equal(3, perSilo.Count);
        Assert.InRange(perSilo[fixture.Cluster.Address(0)], 2, 3);
        Assert.InRange(perSilo[fixture.Cluster.Address(1)], 1, 2);
        Assert.InRange(perSilo[fixture.Cluster.Address(2)], 1, 2);
        Assert.Equal(mode, vector.AutoresetMode);

        await SyncVectorReference.AssertReplaysAsync(expected, vector);
    }

    [Fact]
    public async Task Non_array_observations_and_actions_travel_serialized_per_env()
    {
        await using (var blackjack = await fixture.Cluster.Through(0).MakeVectorAsync("Blackjack-v1", 4))
        {
            Assert.True(blackjack.Silos.Distinct().Count() > 1);
            Assert.Throws<InvalidOperationException>(() => blackjack.Observations<long>());
            await blackjack.ResetAsync(seed: 3);
            Assert.Equal(4, blackjack.ObservationList.Count);
            Assert.All(blackjack.ObservationList, o => Assert.True(blackjack.SingleObservationSpace.Contains(o)));
            blackjack.Actions<long>().Clear();
            await blackjack.StepAsync();
            Assert.All(blackjack.ObservationList, o => Assert.Equal(3, o.AsList().Count));
        }

        await using var all = await fixture.Cluster.Through(2).MakeVectorAsync("GymBridgeTest/AllSpaces-v0", 3);
        await all.ResetAsync(seed: 4);
        all.SingleActionSpace.Seed(4);
        await all.StepAsync([.. Enumerable.Range(0, 3).Select(_ => all.SingleActionSpace.Sample())]);
        Assert.All(all.Rewards.ToArray(), r => Assert.Equal(0.5, r));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await all.StepAsync());
    }

    [Fact]
    public async Task Slices_are_listed_as_their_silos_envs_and_closed_with_the_vector()
    {
        var cluster = fixture.Cluster;
        var vector = await cluster.Through(2).MakeVectorAsync("CartPole-v1", 8);
        var listed = await cluster.Through(0).ListEnvsAsync();
        Assert.Equal(vector.Silos.Order(StringComparer.Ordinal), listed.Select(e => e.Silo).Order(StringComparer.Ordinal));
        Assert.Equal(8, listed.Sum(e => e.NumEnvs));
        Assert.Equal(8, (await cluster.Through(1).GetSilosAsync()).Sum(s => s.Envs));

        // A slice's key is not a single env's.
        await Assert.ThrowsAsync<EnvClosedException>(async () => await cluster.Through(1).GetEnvAsync(listed[0].Key));

        await vector.ResetAsync(seed: 1);
        vector.Actions<long>().Fill(1);
        await vector.StepAsync();
        Assert.Equal(8 * 4, vector.Observations<float>().Length);
        Assert.All(vector.Rewards.ToArray(), r => Assert.Equal(1.0, r));
        Assert.Throws<InvalidCastException>(() => vector.Actions<int>());
        await Assert.ThrowsAsync<ArgumentException>(async () => await vector.ResetAsync(resetMask: [true]));

        await vector.DisposeAsync();
        Assert.Empty(await cluster.Through(0).ListEnvsAsync());
        await Assert.ThrowsAsync<EnvClosedException>(async () => await vector.StepAsync());
        await vector.DisposeAsync(); // twice is quiet
    }

    [Fact]
    public async Task Unknown_ids_fail_on_every_silo_and_leave_no_slice_behind()
    {
        await Assert.ThrowsAsync<UnknownEnvException>(async () => await fixture.Cluster.Through(0).MakeVectorAsync("NoSuchEnv-v0", 4));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await fixture.Cluster.Through(0).MakeVectorAsync("CartPole-v1", 0));
        Assert.Empty(await fixture.Cluster.Through(1).ListEnvsAsync());
    }
}
