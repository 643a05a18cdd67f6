using GymBridge.Tests.TestSupport;
using Xunit;

namespace GymBridge.IntegrationTests.TestSupport;

/// <summary>One pool of real Python workers (with the test envs registered) shared by a test class.</summary>
public sealed class PoolFixture : IAsyncLifetime
{
    public EnvPool Pool { get; private set; } = null!;

    public static GymBridgeOptions Options(int workers = 1)
    {
        var options = new GymBridgeOptions
        {
            PythonPath = RepoPaths.Python,
            WorkerDirectory = RepoPaths.PythonWorker,
            WorkerCount = workers,
        };
        options.ImportModules.Add("gymbridge_testenvs");
        return options;
    }

    public async Task InitializeAsync() => Pool = await EnvPool.StartAsync(Options(workers: 2));

    public async Task DisposeAsync() => await Pool.DisposeAsync();
}
