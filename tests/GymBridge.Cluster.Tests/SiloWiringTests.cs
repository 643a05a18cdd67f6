using System.Net;
using GymBridge.Tests.TestSupport;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit;

namespace GymBridge.Cluster.Tests;

/// <summary>What <see cref="GymClusterHostingExtensions.AddGymBridgeSilo"/> puts into a host, checked without starting it.</summary>
public sealed class SiloWiringTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Orleans_kubernetes_hosting_is_on_exactly_when_the_options_say_kubernetes(bool kubernetes)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddGymBridgeSilo(new GymClusterOptions { Redis = "127.0.0.1:1", Kubernetes = kubernetes, Certificate = TestCertificates.CreatePfx() });

        // The registrations, not the services: the agent would ask for the pod's Kubernetes API at construction.
        var participants = builder.Services.Where(d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>)).Select(d => d.ImplementationType?.Name);
        Assert.Equal(kubernetes, participants.Contains("KubernetesClusterAgent"));
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData(null, true)] // Kubernetes: the pod's IP
    public void Beyond_loopback_a_silo_without_the_clusters_certificate_is_refused_with_one_line(string? address, bool kubernetes)
    {
        var builder = Host.CreateApplicationBuilder();
        var options = new GymClusterOptions { Redis = "127.0.0.1:1", AdvertisedAddress = address is null ? null : IPAddress.Parse(address), Kubernetes = kubernetes };
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddGymBridgeSilo(options));
        Assert.StartsWith($"GymBridge:Cluster: the silo and gateway ports on {address ?? "the pod's IP"} would let any machine", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_certificate_file_that_cannot_be_read_is_refused_with_its_path()
    {
        var builder = Host.CreateApplicationBuilder();
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddGymBridgeSilo(new GymClusterOptions { Certificate = "/no/such/cluster.pfx" }));
        Assert.StartsWith("GymBridge:Cluster:Certificate '/no/such/cluster.pfx' cannot be read", error.Message, StringComparison.Ordinal);
    }
}
