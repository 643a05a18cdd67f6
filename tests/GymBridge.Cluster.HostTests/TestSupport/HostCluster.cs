using System.Globalization;

namespace GymBridge.Cluster.HostTests.TestSupport;

/// <summary>
/// N real hosts in cluster mode on 127.0.0.1, each with its own REST, silo and gateway ports, all members of one
/// cluster of their own (a fresh cluster id in the tests' redis-server, so tests never see each other's silos).
/// Disposal kills every host's process group, whatever state the test left them in.
/// </summary>
public sealed class HostCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(2);
    private readonly List<HostProcess> _hosts = [];
    private readonly int _workersPerHost;
    private readonly string[] _extraArguments;

    private HostCluster(int workersPerHost, string[] extraArguments)
    {
        _workersPerHost = workersPerHost;
        _extraArguments = extraArguments;
        ClusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
    }

    public string ClusterId { get; }

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    public HostProcess this[int index] => _hosts[index];

    /// <summary>Starts <paramref name="hosts"/> hosts at once (each also given <paramref name="extraArguments"/>) and waits until every one is ready.</summary>
    public static async Task<HostCluster> StartAsync(int hosts, int workersPerHost = 1, string[]? extraArguments = null)
    {
        var cluster = new HostCluster(workersPerHost, extraArguments ?? []);
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, hosts).Select(i => cluster.LaunchAsync(i)));
            cluster._hosts.AddRange(started);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>One more host joining the running cluster.</summary>
    public async Task<HostProcess> AddHostAsync()
    {
        var host = await LaunchAsync(_hosts.Count);
        _hosts.Add(host);
        return host;
    }

    /// <summary>The host whose silo hosts env <paramref name="instanceId"/>, as /stats of <paramref name="through"/> reports it.</summary>
    public async Task<HostProcess> OwnerAsync(string instanceId, HostProcess through)
    {
        ArgumentNullException.ThrowIfNull(through);
        var stats = await through.Http.OkAsync(HttpMethod.Get, "stats");
        var env = stats["cluster"]!["envs"]!.AsArray().SingleOrDefault(e => (string?)e!["instance_id"] == instanceId)
            ?? throw new InvalidOperationException($"{instanceId} is not among the cluster's envs: {stats["cluster"]!.ToJsonString()}");
        var silo = (string)env["silo"]!;
        return _hosts.Single(h => h.IsSilo(silo));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_hosts.Select(h => h.DisposeAsync().AsTask()));
        _hosts.Clear();
    }

    private Task<HostProcess> LaunchAsync(int index)
    {
        var redis = RedisFactAttribute.Redis ?? throw new InvalidOperationException($"{RedisFactAttribute.Variable} is unset.");
        var siloPort = FreePorts.Next();
        string[] arguments =
        [
            "--workers", _workersPerHost.ToString(CultureInfo.InvariantCulture),
            "--cluster", redis,
            "--cluster-id", ClusterId,
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            .. _extraArguments,
        ];
        return HostProcess.StartAsync($"{ClusterId}-host{index + 1}", arguments, ReadyWithin, siloPort);
    }
}
