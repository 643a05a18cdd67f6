using System.Diagnostics;
using GymBridge.Errors;
using GymBridge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace GymBridge.Hosting.Tests;

/// <summary>AddGymBridge in a real Generic Host with real Python workers.</summary>
public sealed class AddGymBridgeTests
{
    [Fact]
    public void OptionsComeFromTheGymBridgeSectionThenTheConfigureCallback()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GymBridge:WorkerCount"] = "3",
            ["GymBridge:RequestTimeout"] = "00:00:07",
            ["GymBridge:SpinPolicy"] = "Never",
            ["GymBridge:ImportModules:0"] = "gymbridge_testenvs",
            ["GymBridge:MaxRestarts"] = "9",
        });
        builder.Services.AddGymBridge(options => options.MaxRestarts = 2);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<GymBridgeOptions>>().Value;

        Assert.Equal(3, options.WorkerCount);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(SpinPolicy.Never, options.SpinPolicy);
        Assert.Equal(["gymbridge_testenvs"], options.ImportModules);
        Assert.Equal(2, options.MaxRestarts);
    }

    [Fact]
    public void EnvironmentVariablesUseTheDoubleUnderscoreForm()
    {
        Environment.SetEnvironmentVariable("GymBridge__StartTimeout", "00:00:42");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddGymBridge();
            using var host = builder.Build();

            Assert.Equal(TimeSpan.FromSeconds(42), host.Services.GetRequiredService<IOptions<GymBridgeOptions>>().Value.StartTimeout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GymBridge__StartTimeout", null);
        }

    }

    [Fact]
    public async Task ThePoolStartsWithTheHostStepsAndItsWorkersExitWhenTheHostStops()
    {
        using var host = Build(python: null); // the library's own lookup: GYMBRIDGE_PYTHON, then a .venv
        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<EnvPool>());
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(host)).Status);

        await host.StartAsync();
        var pool = host.Services.GetRequiredService<EnvPool>();
        var pids = pool.Workers.Select(w => w.Pid).ToList();
        await using (var env = await pool.MakeAsync("CartPole-v1"))
        {
            env.Reset(seed: 1);
            Assert.Equal(1.0, env.Step(0L).Reward);
        }

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host)).Status);
        await host.StopAsync();

        Assert.Equal(2, pids.Count);
        foreach (var pid in pids)
        {
            Assert.False(IsRunning(pid), $"worker {pid} still runs after the host stopped");
        }

        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<EnvPoolService>().Pool);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(host)).Status);
    }

    [Fact]
    public async Task AMissingPythonFailsTheHostStartWithTheFix()
    {
        using var host = Build("/nonexistent/python3");

        var error = await Assert.ThrowsAsync<WorkerStartException>(() => host.StartAsync());

        Assert.Contains("/nonexistent/python3", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(string? python)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGymBridge(options =>
        {
            options.PythonPath = python;
            options.WorkerCount = 2;
        });
        return builder.Build();
    }

    private static Task<HealthReport> CheckAsync(IHost host) => host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
