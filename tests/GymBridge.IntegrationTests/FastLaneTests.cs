using GymBridge.Envs;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>The shared-memory lane gives exactly what the pipe gives, whatever the spin policy, size or timing.</summary>
public sealed class FastLaneTests
{
    [Fact]
    public async Task Every_spin_policy_gives_the_same_trajectory()
    {
        var trajectories = new List<List<GymValue>>();
        foreach (var policy in new[] { SpinPolicy.Never, SpinPolicy.Always, SpinPolicy.Auto, SpinPolicy.CallerOnly })
        {
            var options = PoolFixture.Options();
            options.SpinPolicy = policy;
            await using var pool = await EnvPool.StartAsync(options);
            await using var env = await pool.MakeAsync("Acrobot-v1");
            var trajectory = new List<GymValue> { env.Reset(seed: 11).Observation };
            env.ActionSpace.Seed(11);
            for (var i = 0; i < 300; i++)
            {
                var step = env.Step(env.ActionSpace.Sample());
                trajectory.Add(step.Observation);
                trajectory.Add(step.Reward);
            }

            trajectories.Add(trajectory);
        }

        Assert.All(trajectories.Skip(1), t => Assert.True(t.SequenceEqual(trajectories[0], new DeepComparer())));
    }

    [Fact]
    public async Task A_reply_larger_than_the_lane_arrives_whole_through_the_pipe()
    {
        var options = PoolFixture.Options();
        options.SpinPolicy = SpinPolicy.Always;
        await using var pool = await EnvPool.StartAsync(options);
        var make = new MakeOptions();
        make.Kwargs["size"] = 1100; // 1100 x 1100 x 4 bytes > the 4 MiB lane
        await using var env = await pool.MakeAsync("GymBridgeTest/Frames-v0", make);
        var first = env.Reset(seed: 3).Observation.AsArray();
        Assert.Equal([1100, 1100, 4], first.Shape);
        var step = env.Step(0).Observation.AsArray();
        Assert.Equal(1100 * 1100 * 4, step.Data.Length);
        Assert.Equal(first.Data.Span[1100 * 4 * 2 + 5], step.Data.Span[1100 * 4 * 2 + 5 + 4]); // rolled by one column
        Assert.Equal(1.0, env.Step(1).Reward); // the lane still works afterwards
    }

    [Fact]
    public async Task A_request_larger_than_the_lane_goes_through_the_pipe()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        await using var env = await pool.MakeAsync("CartPole-v1");
        var huge = NDArray.From(new float[100_000]);
        Assert.False(await env.ContainsAsync(SpaceRole.Observation, huge));
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward);
    }

    [Fact]
    public async Task An_idle_worker_that_went_to_sleep_is_woken_for_the_next_request()
    {
        var options = PoolFixture.Options();
        options.SpinPolicy = SpinPolicy.Always;
        options.SpinTime = TimeSpan.FromMicroseconds(50);
        await using var pool = await EnvPool.StartAsync(options);
        await using var env = await pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(i % 3 == 0 ? 20 : 1); // longer than the spin: the worker blocks on its pipe
            var step = await env.StepAsync(i % 2).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (step.Done)
            {
                env.Reset();
            }
        }
    }

    private sealed class DeepComparer : IEqualityComparer<GymValue>
    {
        public bool Equals(GymValue? x, GymValue? y) => GymValue.DeepEquals(x, y);

        public int GetHashCode(GymValue obj) => 0;
    }
}
