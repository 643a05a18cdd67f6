using Orleans.TestingHost;
using Xunit;

namespace GymBridge.Cluster.Tests.TestSupport;

/// <summary>
/// Three GymBridge silos with 2, 1 and 1 Python workers, each worker counted as room for one env, shared by the
/// tests of the "cluster" collection (which run one after another and close what they make).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly int[] Workers = [2, 1, 1];

    internal InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = TestClusters.Build(Workers);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition("cluster")]
public sealed class ClusterTestGroup : ICollectionFixture<ClusterFixture>;
