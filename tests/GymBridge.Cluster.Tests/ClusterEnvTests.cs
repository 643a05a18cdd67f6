using System.Globalization;
using GymBridge.Cluster.Tests.TestSupport;
using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Cluster.Tests;

[Collection("cluster")]
public sealed class ClusterEnvTests(ClusterFixture fixture)
{
    private const int Seed = 2026;
    private const int Steps = 200;

    [Fact]
    public async Task Makes_go_to_the_silos_with_free_workers()
    {
        var cluster = fixture.Cluster;
        var envs = new List<ClusterEnv>();
        try
        {
            // Silo 0 has two workers, silos 1 and 2 one each: four makes fill every worker once.
            for (var i = 0; i < 4; i++)
            {
                envs.Add(await cluster.Through(0).MakeAsync("CartPole-v1"));
            }

            Assert.Equal(2, envs.Count(e => e.Silo == cluster.Address(0)));
            Assert.Single(envs, e => e.Silo == cluster.Address(1));
            Assert.Single(envs, e => e.Silo == cluster.Address(2));

            var silos = await cluster.Through(1).GetSilosAsync();
            Assert.Equal(3, silos.Count);
            Assert.All(silos, s => Assert.Equal(s.LiveWorkers, s.Envs));
            Assert.All(silos, s => Assert.Equal(0, s.FreeCapacity));
            Assert.Equal([2, 1, 1], [.. silos.OrderBy(s => s.Address == cluster.Address(0) ? 0 : 1).Select(s => s.Workers)]);

            var listed = await cluster.Through(2).ListEnvsAsync();
            Assert.Equal(envs.Select(e => e.Key).Order(StringComparer.Ordinal), listed.Select(e => e.Key));
            Assert.All(listed, e => Assert.Equal(envs.Single(x => x.Key == e.Key).Silo, e.Silo));
            Assert.All(envs, e => Assert.StartsWith(silos.Single(s => s.Address == e.Silo).Token + "-", e.Key, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var env in envs)
            {
                await env.DisposeAsync();
            }
        }

        Assert.All(await cluster.Through(0).GetSilosAsync(), s => Assert.Equal(0, s.Envs));
        Assert.Empty(await cluster.Through(0).ListEnvsAsync());
    }

    [Fact]
    public async Task A_seeded_trajectory_stepped_through_every_silo_equals_in_process_gymnasium()
    {
        var expected = (await PythonScript.RunAsync("reference_trajectory.py", Seed.ToString(CultureInfo.InvariantCulture), Steps.ToString(CultureInfo.InvariantCulture), "CartPole-v1"))["CartPole-v1"];
        var actions = expected["actions"].AsList();
        var steps = expected["steps"].AsList();
        var resets = expected["resets"].AsList();

        var cluster = fixture.Cluster;
        await using var made = await cluster.Through(0).MakeAsync("CartPole-v1");
        ClusterEnv[] handles = [made, await cluster.Through(1).GetEnvAsync(made.Key), await cluster.Through(2).GetEnvAsync(made.Key)];
        Assert.All(handles, h => Assert.Equal(made.Silo, h.Silo));
        Assert.Equal("Discrete(2)", handles[1].ActionSpace.ToString());
        Assert.Equal(made.ObservationSpace.ToString(), handles[2].ObservationSpace.ToString());
        Assert.Equal(500, handles[1].MaxEpisodeSteps);

        var reset = await handles[1].ResetAsync(seed: Seed);
        Assert.True(GymValue.DeepEquals(resets[0][1], reset.Observation), $"reset: {reset.Observation} vs {resets[0][1]}");
        var nextReset = 1;
        for (var i = 0; i < Steps; i++)
        {
            var env = handles[i % 3]; // every step through another host
            var step = await env.StepAsync(actions[i]);
            var want = steps[i].AsList();
            Assert.True(GymValue.DeepEquals(want[0], step.Observation), $"step {i}: {step.Observation} vs {want[0]}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(want[1].AsDouble()), BitConverter.DoubleToInt64Bits(step.Reward));
            Assert.Equal(want[2].AsBoolean(), step.Terminated);
            Assert.Equal(want[3].AsBoolean(), step.Truncated);
            Assert.True(GymValue.DeepEquals(want[4], step.Info), $"step {i}: info {step.Info} vs {want[4]}");
            if (step.Done)
            {
                reset = await handles[(i + 1) % 3].ResetAsync();
                Assert.Equal(i + 1, resets[nextReset][0].AsInt32());
                Assert.True(GymValue.DeepEquals(resets[nextReset][1], reset.Observation), $"reset after step {i}");
                nextReset++;
            }
        }

        Assert.Equal(resets.Count, nextReset);
        Assert.True(nextReset > 1, "no episode ended: resets were not compared");
    }

    [Fact]
    public async Task Render_sample_and_contains_run_in_the_owning_worker()
    {
        await using var env = await fixture.Cluster.Through(1).MakeAsync("FrozenLake-v1", new MakeOptions { RenderMode = "ansi" });
        var far = await fixture.Cluster.Through(2).GetEnvAsync(env.Key);
        Assert.Equal("ansi", far.RenderMode);
        await far.ResetAsync(seed: 1);
        Assert.Contains("F", (await far.RenderAsync()).AsString(), StringComparison.Ordinal);
        var action = await far.SampleActionAsync(seed: 3);
        Assert.InRange(action.AsInt64(), 0, 3);
        Assert.True(await far.ContainsAsync(SpaceRole.Action, 3));
        Assert.False(await far.ContainsAsync(SpaceRole.Action, 4));
    }

    [Fact]
    public async Task A_module_the_operator_did_not_allow_is_refused_on_the_silo_before_any_import()
    {
        var cluster = fixture.Cluster;
        var refused = await Assert.ThrowsAsync<GymBridgeException>(async () => await cluster.Through(0).MakeAsync("evil_module:Fly-v0"));
        Assert.Equal(GymErrorKind.BadArgument, refused.Kind);
        Assert.Contains("--allow-module evil_module", refused.Message, StringComparison.Ordinal);
        var vector = await Assert.ThrowsAsync<GymBridgeException>(async () => await cluster.Through(1).MakeVectorAsync("evil_module:Fly-v0", 3));
        Assert.Equal(GymErrorKind.BadArgument, vector.Kind);

        // The pool's own --import modules may be named.
        await using var allowed = await cluster.Through(2).MakeAsync("gymbridge_testenvs:GymBridgeTest/AllSpaces-v0");
        Assert.Equal("GymBridgeTest/AllSpaces-v0", allowed.Id);
    }

    [Fact]
    public async Task Errors_are_the_librarys_typed_exceptions_through_any_silo()
    {
        var cluster = fixture.Cluster;
        var unknown = await Assert.ThrowsAsync<UnknownEnvException>(async () => await cluster.Through(1).MakeAsync("NoSuchEnv-v0"));
        Assert.Contains("NoSuchEnv", unknown.Message, StringComparison.Ordinal);

        var env = await cluster.Through(0).MakeAsync("CartPole-v1");
        var far = await cluster.Through(2).GetEnvAsync(env.Key);
        await far.ResetAsync(seed: 1);
        await Assert.ThrowsAsync<InvalidActionException>(async () => await far.StepAsync(7));
        await far.StepAsync(1); // a refused action leaves the env usable

        await far.CloseAsync();
        await Assert.ThrowsAsync<EnvClosedException>(async () => await env.StepAsync(0));
        await Assert.ThrowsAsync<EnvClosedException>(async () => await far.ResetAsync());
        await Assert.ThrowsAsync<EnvClosedException>(async () => await cluster.Through(1).GetEnvAsync(env.Key));
        await Assert.ThrowsAsync<EnvClosedException>(async () => await env.CloseAsync());
        await env.DisposeAsync(); // disposing a closed env is quiet

        // Keys no silo made: malformed, or naming a silo this cluster never had.
        await Assert.ThrowsAsync<EnvClosedException>(async () => await cluster.Through(0).GetEnvAsync("no-such-key"));
        await Assert.ThrowsAsync<EnvClosedException>(async () => await cluster.Through(1).GetEnvAsync("0123abcd-00000000"));
        var silo = (await cluster.Through(0).GetSilosAsync())[0];
        await Assert.ThrowsAsync<EnvClosedException>(async () => await cluster.Through(2).GetEnvAsync(silo.Token + "-00000000"));
    }
}
