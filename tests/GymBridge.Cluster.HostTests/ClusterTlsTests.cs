using GymBridge.Tests.TestSupport;

namespace GymBridge.Cluster.HostTests;

/// <summary>Hosts given the cluster's certificate: Orleans' connections are mutual TLS that admit only its holders.</summary>
public sealed class ClusterTlsTests
{
    [RedisFact]
    public async Task Holders_of_the_clusters_certificate_reach_every_env_and_others_are_shut_out()
    {
        var certificate = TestCertificates.CreatePfx();
        await using var cluster = await HostCluster.StartAsync(hosts: 2, extraArguments: ["--cluster-certificate", certificate]);
        var owners = new Dictionary<string, HostProcess>();
        for (var i = 0; i < 4; i++)
        {
            var id = await cluster[0].Http.CreateAsync();
            owners[id] = await cluster.OwnerAsync(id, cluster[0]);
            await cluster[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/reset/", $"{{\"seed\": {i}}}");
            await cluster[1].Http.OkAsync(HttpMethod.Post, $"v1/envs/{id}/step/", "{\"action\": 1}");
        }

        Assert.Equal(2, owners.Values.Distinct().Count()); // so silo-to-silo calls went over TLS both ways
        var key = owners.Keys.First();
        // Strangers are never admitted, so their wait is the whole timeout: keep it short; a holder gets the default.
        GymClusterClientOptions Client(string? pfx, int timeoutSeconds = 30) => new()
        {
            Redis = RedisFactAttribute.Redis!, ClusterId = cluster.ClusterId, Certificate = pfx, ConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
        await using (var holder = await GymCluster.ConnectAsync(Client(certificate)))
        {
            var env = await holder.GetEnvAsync(key);
            await env.StepAsync(0);
        }

        var strangers = new[] { Client(null, timeoutSeconds: 5), Client(TestCertificates.CreatePfx("another-cluster"), timeoutSeconds: 5) };
        foreach (var stranger in strangers)
        {
            var refused = await Assert.ThrowsAsync<TimeoutException>(async () => await GymCluster.ConnectAsync(stranger));
            Assert.Contains(stranger.Certificate is null ? "has none" : "holds another", refused.Message, StringComparison.Ordinal);
        }
    }
}
