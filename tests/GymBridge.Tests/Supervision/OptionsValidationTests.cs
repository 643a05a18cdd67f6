using Xunit;

namespace GymBridge.Tests.Supervision;

/// <summary>Bad pool options fail the start at once, before any Python process.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, Action<GymBridgeOptions>> BadOptions => new()
    {
        { "WorkerCount", o => o.WorkerCount = 0 },
        { "RequestTimeout", o => o.RequestTimeout = TimeSpan.Zero },
        { "RequestTimeout", o => o.RequestTimeout = Timeout.InfiniteTimeSpan },
        { "RequestTimeout", o => o.RequestTimeout = TimeSpan.MaxValue },
        { "MaxRestarts", o => o.MaxRestarts = -1 },
        { "RestartWindow", o => o.RestartWindow = TimeSpan.Zero },
        { "RestartDelay", o => o.RestartDelay = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Are_refused_naming_the_option(string name, Action<GymBridgeOptions> spoil)
    {
        var options = new GymBridgeOptions { PythonPath = "/nonexistent/python" };
        spoil(options);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => EnvPool.StartAsync(options));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void The_defaults_run_one_worker_per_core_and_restart_five_times_a_minute()
    {
        var options = new GymBridgeOptions();
        Assert.Equal(Environment.ProcessorCount, options.WorkerCount);
        Assert.Equal((5, TimeSpan.FromSeconds(60)), (options.MaxRestarts, options.RestartWindow));
    }
}
