using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>
/// Lane steps (docs/protocol.md, "Lane steps") and the futex wake-ups: the same results as the pipe, whatever falls back,
/// and no hang or missed failure when a wake-up races with going to sleep or a worker dies while its caller sleeps.
/// </summary>
public sealed class LaneStepTests
{
    public static TheoryData<string, string> Envs => new()
    {
        { "CartPole-v1", "discrete" },
        { "Pendulum-v1", "box32" },
        { "Pendulum-v1", "list" }, // a list for a float32 Box: not the lane step's layout, so MessagePack
        { "FrozenLake-v1", "discrete" }, // a Discrete observation: an int64 in the lane step
        { "GymBridgeTest/Raising-v0", "zero" }, // a non-empty info on every step
        { "GymBridgeTest/OffSpace-v0", "discrete" }, // every other observation is off its space: MessagePack
    };

    [Theory]
    [MemberData(nameof(Envs))]
    public async Task Lane_steps_give_what_the_pipe_gives(string envId, string actions)
    {
        var pipe = await TrajectoryAsync(SpinPolicy.Never, envId, actions);
        var lane = await TrajectoryAsync(new GymBridgeOptions().SpinPolicy, envId, actions);
        Assert.Equal(pipe.Count, lane.Count);
        for (var i = 0; i < pipe.Count; i++)
        {
            Assert.True(GymValue.DeepEquals(pipe[i], lane[i]), $"item {i}: pipe {pipe[i]}, lane {lane[i]}");
        }
    }

    [Fact]
    public async Task A_bad_action_on_the_lane_is_refused_and_the_env_goes_on()
    {
        await using var pool = await EnvPool.StartAsync(PoolFixture.Options());
        await using var env = await pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        Assert.Throws<InvalidActionException>(() => env.Step(7));
        Assert.Throws<InvalidActionException>(() => env.Step(NDArray.From(new float[] { 1 })));
        Assert.Equal(1.0, env.Step(1).Reward);
    }

    [Fact]
    public async Task A_worker_that_dies_while_its_caller_sleeps_on_the_reply_futex_is_detected()
    {
        var options = PoolFixture.Options();
        options.SpinTime = TimeSpan.FromMicroseconds(1); // the caller sleeps almost at once
        await using var pool = await EnvPool.StartAsync(options);
        var make = new MakeOptions();
        make.Kwargs["how"] = "exit";
        await using var env = await pool.MakeAsync("GymBridgeTest/Exiting-v0", make);
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward);
        var stepping = Task.Run(() => env.Step(1)); // a synchronous call: it blocks on the futex
        var error = await Assert.ThrowsAsync<EnvLostException>(() => stepping.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("worker", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wake_ups_racing_with_going_to_sleep_never_hang(bool async)
    {
        var options = PoolFixture.Options();
        options.SpinPolicy = SpinPolicy.Always;
        options.SpinTime = TimeSpan.FromMicroseconds(30);
        await using var pool = await EnvPool.StartAsync(options);
        await using var env = await pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        var random = new Random(5);
        var run = Task.Run(async () =>
        {
            for (var i = 0; i < 3000; i++)
            {
                // Think times around the spin time on both sides, so requests and replies land just before, during
                // and just after the other side raises its sleeping flag.
                var think = TimeSpan.FromMicroseconds(random.Next(0, 90));
                var until = DateTime.UtcNow + think;
                while (DateTime.UtcNow < until)
                {
                }

                var step = async ? await env.StepAsync(i % 2) : env.Step(i % 2);
                if (step.Done)
                {
                    env.Reset();
                }
            }
        });
        await run.WaitAsync(TimeSpan.FromSeconds(120));
    }

    private static async Task<List<GymValue>> TrajectoryAsync(SpinPolicy policy, string envId, string actions)
    {
        var options = PoolFixture.Options();
        options.SpinPolicy = policy;
        await using var pool = await EnvPool.StartAsync(options);
        await using var env = await pool.MakeAsync(envId);
        var reset = env.Reset(seed: 3);
        var trajectory = new List<GymValue> { reset.Observation, reset.Info };
        env.ActionSpace.Seed(3);
        var random = new Random(3);
        for (var i = 0; i < 60; i++)
        {
            GymValue action = actions switch
            {
                "discrete" => random.Next(2),
                "zero" => 0,
                "box32" => NDArray.From(new[] { (float)(random.NextDouble() * 4 - 2) }, 1),
                "list" => GymValue.List(random.NextDouble() * 4 - 2),
                _ => env.ActionSpace.Sample(),
            };
            var step = env.Step(action);
            trajectory.AddRange([step.Observation, step.Reward, step.Terminated, step.Truncated, step.Info]);
            if (step.Done)
            {
                var again = env.Reset();
                trajectory.Add(again.Observation);
            }
        }

        return trajectory;
    }
}
