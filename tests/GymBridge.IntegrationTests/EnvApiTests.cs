using GymBridge.Envs;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

public sealed class EnvApiTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private EnvPool Pool => fixture.Pool;

    [Fact]
    public async Task CartPole_reports_its_spaces_and_spec()
    {
        await using var env = await Pool.MakeAsync("CartPole-v1");
        Assert.Equal("CartPole-v1", env.Id);
        Assert.Equal(500, env.MaxEpisodeSteps);
        Assert.Equal(475.0, env.RewardThreshold);
        Assert.Equal(2, Assert.IsType<DiscreteSpace>(env.ActionSpace).N);
        var box = Assert.IsType<BoxSpace>(env.ObservationSpace);
        Assert.Equal([4], box.Shape);
        Assert.Equal(DType.Float32, box.DType);
    }

    [Fact]
    public async Task Reset_and_step_return_typed_observations_that_the_spaces_contain()
    {
        await using var env = await Pool.MakeAsync("CartPole-v1");
        var (observation, info) = await env.ResetAsync(seed: 1);
        var array = observation.AsArray();
        Assert.Equal(DType.Float32, array.DType);
        Assert.Equal(4, array.AsSpan<float>().Length);
        Assert.Equal(0, info.Count);
        Assert.True(env.ObservationSpace.Contains(observation));
        var step = env.Step(1);
        Assert.Equal(1.0, step.Reward);
        Assert.False(step.Done);
        Assert.True(env.ObservationSpace.Contains(step.Observation));
    }

    [Fact]
    public async Task Max_episode_steps_truncates_and_kwargs_reach_the_constructor()
    {
        var options = new MakeOptions { MaxEpisodeSteps = 3 };
        options.Kwargs["is_slippery"] = false;
        await using var env = await Pool.MakeAsync("FrozenLake-v1", options);
        env.Reset(seed: 0);
        Assert.False(env.Step(1).Truncated);
        Assert.False(env.Step(1).Truncated);
        var third = env.Step(1);
        Assert.True(third.Truncated || third.Terminated);

        // Not slippery: down, down from the start lands exactly two rows lower.
        env.Reset(seed: 0);
        env.Step(1);
        Assert.Equal(8, env.Step(1).Observation.AsInt64());
    }

    [Fact]
    public async Task Nested_spaces_observations_actions_and_info_cross_as_trees()
    {
        await using var env = await Pool.MakeAsync("GymBridgeTest/AllSpaces-v0");
        var observationSpace = Assert.IsType<DictSpace>(env.ObservationSpace);
        Assert.IsType<MultiBinarySpace>(observationSpace["flags"]);
        Assert.IsType<MultiDiscreteSpace>(observationSpace["grid"]);
        var pair = Assert.IsType<TupleSpace>(observationSpace["pair"]);
        Assert.IsType<TextSpace>(pair.Spaces[1]);
        Assert.Equal(-2, Assert.IsType<DiscreteSpace>(pair.Spaces[0]).Start);

        var options = GymMap.Of(("level", 2L));
        var (observation, info) = await env.ResetAsync(seed: 5, options: options);
        Assert.True(env.ObservationSpace.Contains(observation));
        Assert.Equal(2, info["options"]["level"].AsInt64());
        Assert.Equal(DType.Float64, observation["position"].AsArray().DType);
        Assert.Equal([2, 3], observation["position"].AsArray().Shape);

        env.ActionSpace.Seed(3);
        var action = env.ActionSpace.Sample();
        var step = await env.StepAsync(action);
        Assert.True(env.ObservationSpace.Contains(step.Observation));
        Assert.Equal(0.5, step.Reward);
        Assert.True(GymValue.DeepEquals(action[0], step.Info["action_taken"][0]));
        var nested = step.Info["nested"];
        Assert.Equal([0, 1, 2], nested["array"].AsArray().ToArray<short>());
        Assert.True(nested["none"].IsNone);
        Assert.Equal("héllo", nested["text"].AsString());
        Assert.Equal(0.25, nested["float32"].AsDouble());
        Assert.Equal("three", step.Info["tuple"][2].AsString());
        Assert.True(step.Info["numpy_bool"].AsBoolean());
    }

    [Fact]
    public async Task Module_colon_ids_import_the_module_first()
    {
        await using var env = await Pool.MakeAsync("gymbridge_testenvs:GymBridgeTest/Frames-v0");
        var (observation, _) = await env.ResetAsync(seed: 0);
        Assert.Equal([84, 84, 4], observation.AsArray().Shape);
        Assert.Equal(DType.UInt8, observation.AsArray().DType);
    }

    [Fact]
    public async Task Render_gives_rgb_frames_and_ansi_text()
    {
        await using var cart = await Pool.MakeAsync("CartPole-v1", new MakeOptions { RenderMode = "rgb_array" });
        cart.Reset(seed: 0);
        var frame = (await cart.RenderAsync()).AsArray();
        Assert.Equal([400, 600, 3], frame.Shape);
        Assert.Equal(DType.UInt8, frame.DType);
        Assert.Contains(frame.AsSpan<byte>().ToArray(), b => b != 255);

        await using var lake = await Pool.MakeAsync("FrozenLake-v1", new MakeOptions { RenderMode = "ansi" });
        lake.Reset(seed: 0);
        Assert.Contains("FFF", lake.Render().AsString());
    }

    [Fact]
    public async Task FrozenLake_transitions_are_the_full_model()
    {
        await using var env = await Pool.MakeAsync("FrozenLake-v1");
        var p = await env.GetTransitionsAsync();
        Assert.Equal(16, p.States.Count);
        Assert.Equal(4, p.Actions.Count);
        var fromStart = p[0, 1];
        Assert.Equal(3, fromStart.Count);
        Assert.Equal(1.0, fromStart.Sum(t => t.Probability), 12);
        Assert.Contains(p[14, 2], t => t.NextState == 15 && t.Reward == 1.0 && t.Terminated);
    }

    [Fact]
    public async Task Gymnasium_sampler_gives_valid_and_seeded_actions()
    {
        await using var env = await Pool.MakeAsync("Pendulum-v1");
        var first = await env.SampleActionAsync(seed: 9);
        var again = await env.SampleActionAsync(seed: 9);
        Assert.True(GymValue.DeepEquals(first, again));
        Assert.True(env.ActionSpace.Contains(first));
    }

    [Fact]
    public async Task The_worker_answers_space_membership_with_gymnasiums_rules()
    {
        await using var env = await Pool.MakeAsync("Pendulum-v1");
        Assert.True(await env.ContainsAsync(SpaceRole.Action, GymValue.List(1.5)));
        Assert.False(await env.ContainsAsync(SpaceRole.Action, GymValue.List(2.5)));
        Assert.False(await env.ContainsAsync(SpaceRole.Action, "fast"));
        Assert.True(await env.ContainsAsync(SpaceRole.Observation, NDArray.From(new float[] { 1, 0, 0 })));
        Assert.False(await env.ContainsAsync(SpaceRole.Observation, NDArray.From(new float[] { 1, 0 })));
    }

    [Fact]
    public async Task Registered_ids_are_listed()
    {
        var ids = await Pool.ListEnvIdsAsync();
        Assert.Contains("CartPole-v1", ids);
        Assert.Contains("GymBridgeTest/Raising-v0", ids);
        Assert.True(ids.Count > 20);
    }

    [Fact]
    public async Task Envs_stepped_concurrently_get_exactly_their_own_trajectories()
    {
        static async Task<List<GymValue>> RunAsync(RemoteEnv env, int seed)
        {
            var observations = new List<GymValue> { (await env.ResetAsync(seed: seed)).Observation };
            for (var i = 0; i < 40; i++)
            {
                var step = await env.StepAsync((i * seed) % 2);
                observations.Add(step.Observation);
                if (step.Done)
                {
                    observations.Add((await env.ResetAsync()).Observation);
                }
            }

            return observations;
        }

        var envs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Pool.MakeAsync("CartPole-v1")));
        var concurrent = await Task.WhenAll(envs.Select((env, seed) => RunAsync(env, seed + 1)));
        foreach (var env in envs)
        {
            await env.DisposeAsync();
        }

        Assert.Equal(2, envs.Select(e => e.WorkerIndex).Distinct().Count());
        for (var seed = 1; seed <= envs.Length; seed++)
        {
            await using var alone = await Pool.MakeAsync("CartPole-v1");
            var sequential = await RunAsync(alone, seed);
            Assert.True(sequential.SequenceEqual(concurrent[seed - 1], GymValueComparer.Instance), $"env with seed {seed} saw another env's data");
        }
    }

    private sealed class GymValueComparer : IEqualityComparer<GymValue>
    {
        public static readonly GymValueComparer Instance = new();

        public bool Equals(GymValue? x, GymValue? y) => GymValue.DeepEquals(x, y);

        public int GetHashCode(GymValue obj) => 0;
    }
}
