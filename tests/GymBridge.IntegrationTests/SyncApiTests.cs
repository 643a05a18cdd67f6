using GymBridge.Envs;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>The blocking forms docs/api.md promises for every call, against real workers.</summary>
public sealed class SyncApiTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private EnvPool Pool => fixture.Pool;

    [Fact]
    public void Every_pool_and_env_call_has_a_blocking_form()
    {
        Assert.Contains("CartPole-v1", Pool.ListEnvIds());
        using var env = Pool.Make("CartPole-v1");
        env.Reset(seed: 3);
        Assert.True(env.Contains(SpaceRole.Action, 1));
        Assert.False(env.Contains(SpaceRole.Action, 7));
        Assert.True(env.ActionSpace.Contains(env.SampleAction(seed: 1)));
        Assert.Equal(1.0, env.Step(0).Reward);
    }

    [Fact]
    public void Vector_envs_have_blocking_make_send_and_recv()
    {
        using var vector = Pool.MakeVector("CartPole-v1", 4);
        vector.Reset(seed: 5);
        vector.Actions<long>().Clear();
        var all = Enumerable.Range(0, 4).ToArray();
        vector.Send(all);
        var seen = new List<int>();
        while (seen.Count < 4)
        {
            seen.AddRange(vector.Recv(1));
        }

        Assert.Equal(all, seen.Order());
        Assert.All(vector.Rewards.ToArray(), reward => Assert.Equal(1.0, reward));
    }
}
