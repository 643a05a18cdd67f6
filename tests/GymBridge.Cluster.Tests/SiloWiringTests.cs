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
        builder.AddGymBridgeSilo(new GymClusterOptions { Redis = "127.0.0.1:1", Kubernetes = kubernetes });

        // The registrations, not the services: the agent would ask for the pod's Kubernetes API at construction.
        var participants = builder.Services.Where(d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>)).Select(d => d.ImplementationType?.Name);
        Assert.Equal(kubernetes, participants.Contains("KubernetesClusterAgent"));
    }
}
