using GymBridge.Hosting;
using GymBridge.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace GymBridge.Cluster.Tests.TestSupport;

/// <summary>
/// Orleans' in-process test cluster whose silos are GymBridge silos: each with its own pool of real Python workers
/// (<paramref name="workers"/>[i] for silo i), the GymBridge grains and placement directors, membership in memory.
/// </summary>
internal static class TestClusters
{
    public static InProcessTestCluster Build(int[] workers, int envsPerWorker = 1)
    {
        var options = new GymClusterOptions
        {
            EnvsPerWorker = envsPerWorker,
            ProbeTimeout = TimeSpan.FromSeconds(1), // the tests wait for death declarations: keep them short
        };
        var builder = new InProcessTestClusterBuilder((short)workers.Length);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddGymBridgeGrains(options));
        builder.ConfigureSiloHost((silo, host) => host.Services.AddGymBridge(pool =>
        {
            pool.PythonPath = RepoPaths.Python;
            pool.WorkerDirectory = RepoPaths.PythonWorker;
            pool.ImportModules.Add("gymbridge_testenvs");
            pool.WorkerCount = workers[int.Parse(silo.SiloName["Silo_".Length..], System.Globalization.CultureInfo.InvariantCulture)];
        }));
        return builder.Build();
    }

    /// <summary>The cluster as seen by a host: silo <paramref name="index"/>'s own <see cref="GymCluster"/>.</summary>
    public static GymCluster Through(this InProcessTestCluster cluster, int index) =>
        cluster.Silos[index].ServiceProvider.GetRequiredService<GymCluster>();

    public static string Address(this InProcessTestCluster cluster, int index) => cluster.Silos[index].SiloAddress.ToParsableString();
}
