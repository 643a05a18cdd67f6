using GymBridge.Envs;
using GymBridge.Errors;
using GymBridge.IntegrationTests.TestSupport;
using GymBridge.Values;
using Xunit;

namespace GymBridge.IntegrationTests;

/// <summary>Every bad input of the single-env API gets a typed exception with gymnasium's words, and the worker keeps going.</summary>
public sealed class ErrorTests(PoolFixture fixture) : IClassFixture<PoolFixture>
{
    private EnvPool Pool => fixture.Pool;

    [Fact]
    public async Task Unknown_env_id_throws_UnknownEnvException_with_gymnasiums_message()
    {
        var error = await Assert.ThrowsAsync<UnknownEnvException>(() => Pool.MakeAsync("CartPoel-v1"));
        Assert.Contains("CartPoel", error.Message);
        Assert.Contains("doesn't exist", error.Message);
        await Assert.ThrowsAsync<UnknownEnvException>(() => Pool.MakeAsync("CartPole-v99"));
        await Assert.ThrowsAsync<UnknownEnvException>(() => Pool.MakeAsync("no_such_module:Thing-v0"));
    }

    [Fact]
    public async Task Bad_make_arguments_are_reported()
    {
        var options = new MakeOptions();
        options.Kwargs["no_such_argument"] = 1;
        var error = await Assert.ThrowsAsync<GymBridgeException>(() => Pool.MakeAsync("CartPole-v1", options));
        Assert.Equal(GymErrorKind.BadArgument, error.Kind);
        Assert.Contains("no_such_argument", error.Message);

        var render = await Assert.ThrowsAsync<GymBridgeException>(() => Pool.MakeAsync("CartPole-v1", new MakeOptions { RenderMode = "hologram" }));
        Assert.Equal(GymErrorKind.BadArgument, render.Kind);
        Assert.Contains("rgb_array", render.Message);
    }

    public static TheoryData<string, GymValue, string> InvalidActions => new()
    {
        { "CartPole-v1", 5, "Discrete(2)" },
        { "CartPole-v1", -1, "Discrete(2)" },
        { "CartPole-v1", "left", "str" },
        { "CartPole-v1", 0.5, "Discrete(2)" },
        { "CartPole-v1", NDArray.From(new long[] { 0, 1 }), "Discrete(2)" },
        { "Pendulum-v1", NDArray.From(new float[] { 0.1f, 0.2f }), "shape" },
        { "Pendulum-v1", NDArray.From(new float[] { 5f }), "Box" },
        { "Pendulum-v1", "fast", "str" },
        { "Pendulum-v1", GymValue.None, "None" },
    };

    [Theory]
    [MemberData(nameof(InvalidActions))]
    public async Task Invalid_actions_throw_InvalidActionException_and_the_env_stays_usable(string envId, GymValue action, string mentioned)
    {
        await using var env = await Pool.MakeAsync(envId);
        env.Reset(seed: 0);
        var error = await Assert.ThrowsAsync<InvalidActionException>(() => env.StepAsync(action).AsTask());
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
        var step = env.Step(env.ActionSpace.Sample());
        Assert.True(env.ObservationSpace.Contains(step.Observation) || step.Done);
    }

    [Fact]
    public async Task Calls_on_a_closed_env_throw_EnvClosedException()
    {
        var env = await Pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        await env.DisposeAsync();
        Assert.True(env.IsClosed);
        Assert.Throws<EnvClosedException>(() => env.Step(0));
        await Assert.ThrowsAsync<EnvClosedException>(() => env.ResetAsync().AsTask());
        Assert.Throws<EnvClosedException>(() => env.Render());
        await env.DisposeAsync(); // closing twice is harmless
    }

    [Fact]
    public async Task An_exception_inside_the_env_is_EnvErrorException_with_the_traceback_and_the_worker_survives()
    {
        await using var env = await Pool.MakeAsync("GymBridgeTest/Raising-v0");
        await using var neighbour = await Pool.MakeAsync("CartPole-v1");
        env.Reset();
        neighbour.Reset(seed: 0);
        var error = Assert.Throws<EnvErrorException>(() => env.Step(1));
        Assert.StartsWith("RuntimeError: the env raised on purpose", error.Message);
        Assert.Contains("Traceback (most recent call last)", error.PythonTraceback);
        Assert.Contains("envs.py", error.PythonTraceback);
        Assert.Contains("Python traceback", error.ToString());
        Assert.Equal(1f, env.Step(0).Observation.AsArray().AsSpan<float>()[0]);
        Assert.Equal(1.0, neighbour.Step(0).Reward);
    }

    [Fact]
    public async Task Step_before_reset_is_ResetNeeded_and_the_env_stays_usable()
    {
        await using var env = await Pool.MakeAsync("CartPole-v1");
        var error = Assert.Throws<GymBridgeException>(() => env.Step(0));
        Assert.Equal(GymErrorKind.ResetNeeded, error.Kind);
        Assert.Contains("reset", error.Message);
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward);
    }

    [Fact]
    public async Task Seeds_and_reset_options_the_env_cannot_use_are_BadArgument()
    {
        await using var env = await Pool.MakeAsync("CartPole-v1");
        Assert.Equal(GymErrorKind.BadArgument, Assert.Throws<GymBridgeException>(() => env.Reset(seed: -1)).Kind);
        var options = GymMap.Of(("low", "abc"));
        Assert.Equal(GymErrorKind.BadArgument, (await Assert.ThrowsAsync<GymBridgeException>(() => env.ResetAsync(options: options).AsTask())).Kind);
        env.Reset(seed: 0);
    }

    [Fact]
    public async Task An_env_whose_family_is_not_installed_is_DependencyMissing_naming_the_command_that_installs_it()
    {
        // The tests must not need the extras: where Box2D is installed the env simply works.
        try
        {
            await using var env = await Pool.MakeAsync("LunarLander-v3");
            env.Reset(seed: 0);
        }
        catch (GymBridgeException error)
        {
            Assert.Equal(GymErrorKind.DependencyMissing, error.Kind);
            Assert.Contains("scripts/bootstrap-python.sh --extras box2d", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_library_still_imports_the_module_of_a_module_prefixed_id()
    {
        await using var env = await Pool.MakeAsync("gymbridge_testenvs:GymBridgeTest/AllSpaces-v0");
        Assert.Equal("GymBridgeTest/AllSpaces-v0", env.Id);
    }

    [Fact]
    public async Task Render_without_a_render_mode_and_transitions_of_a_non_toy_text_env_are_not_supported()
    {
        await using var env = await Pool.MakeAsync("CartPole-v1");
        env.Reset(seed: 0);
        var render = Assert.Throws<GymBridgeException>(() => env.Render());
        Assert.Equal(GymErrorKind.NotSupported, render.Kind);
        Assert.Contains("render_mode", render.Message);
        var transitions = await Assert.ThrowsAsync<GymBridgeException>(() => env.GetTransitionsAsync().AsTask());
        Assert.Equal(GymErrorKind.NotSupported, transitions.Kind);
    }
}
