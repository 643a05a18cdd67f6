namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>A cluster of three hosts shared by the tests (<see cref="ThreeHostsGroup"/>) that leave it as they found it.</summary>
public sealed class ThreeHosts : IAsyncLifetime
{
    private HostCluster? _cluster;

    public HostCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public async Task InitializeAsync()
    {
        if (RedisFactAttribute.Redis is not null)
        {
            _cluster = await HostCluster.StartAsync(hosts: 3);
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The test classes that share one <see cref="ThreeHosts"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ThreeHostsGroup : ICollectionFixture<ThreeHosts>
{
    public const string Name = "three hosts";
}
