using GymBridge.Envs;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>
/// A seeded 200-step trajectory through the bridge equals, bit for bit, the same trajectory run
/// in-process by gymnasium in Python, computed live by reference_trajectory.py.
/// </summary>
public sealed class FidelityTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private const int Seed = 2026;
    private const int Steps = 200;

    private static readonly string[] Ids =
    [
        "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1",
        "FrozenLake-v1", "Taxi-v4", "CliffWalking-v1", "Blackjack-v1",
    ];

    public static TheoryData<string> EnvIds => new(Ids);

    private static readonly Lazy<Task<GymValue>> Reference = new(() =>
        PythonScript.RunAsync("reference_trajectory.py", [Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Ids]));

    [Theory]
    [MemberData(nameof(EnvIds))]
    public async Task Seeded_trajectory_matches_in_process_gymnasium_bit_for_bit(string envId)
    {
        var expected = (await Reference.Value)[envId];
        var actions = expected["actions"].AsList();
        var steps = expected["steps"].AsList();
        var resets = expected["resets"].AsList();
        Assert.Equal(Steps, actions.Count);

        await using var env = await fixture.Pool.MakeAsync(envId);
        var reset = await env.ResetAsync(seed: Seed);
        AssertSame(resets[0][1], reset.Observation, envId, "reset");
        var nextReset = 1;
        for (var i = 0; i < Steps; i++)
        {
            var step = await env.StepAsync(actions[i]);
            var want = steps[i].AsList();
            AssertSame(want[0], step.Observation, envId, $"step {i} observation");
            Assert.True(
                BitConverter.DoubleToInt64Bits(want[1].AsDouble()) == BitConverter.DoubleToInt64Bits(step.Reward),
                $"{envId} step {i}: reward {step.Reward:R}, Python had {want[1]}");
            Assert.Equal(want[2].AsBoolean(), step.Terminated);
            Assert.Equal(want[3].AsBoolean(), step.Truncated);
            Assert.True(GymValue.DeepEquals(want[4], step.Info), $"{envId} step {i}: info {step.Info}, Python had {want[4]}");
            if (step.Done)
            {
                reset = await env.ResetAsync();
                Assert.Equal(i + 1, resets[nextReset][0].AsInt32());
                AssertSame(resets[nextReset][1], reset.Observation, envId, $"reset after step {i}");
                nextReset++;
            }
        }

        Assert.Equal(resets.Count, nextReset);
    }

    [Fact]
    public async Task The_trajectories_include_episode_ends_so_resets_are_compared_too()
    {
        var reference = await Reference.Value;
        var episodesEnded = Ids.Count(id => reference[id]["resets"].AsList().Count > 1);
        Assert.True(episodesEnded >= 4, $"only {episodesEnded} envs ended an episode in {Steps} steps");
    }

    private static void AssertSame(GymValue expected, GymValue actual, string envId, string where) =>
        Assert.True(GymValue.DeepEquals(expected, actual), $"{envId} {where}: bridge gave {actual}, Python gave {expected}");
}
