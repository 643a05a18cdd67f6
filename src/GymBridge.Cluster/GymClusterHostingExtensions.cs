using System.Net;
using GymBridge.Cluster.Placement;
using GymBridge.Cluster.Security;
using GymBridge.Cluster.Silo;
using GymBridge.Cluster.Wire;
using GymBridge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace GymBridge.Cluster;

/// <summary>Makes a .NET host a silo of a GymBridge cluster.</summary>
public static class GymClusterHostingExtensions
{
    /// <summary>
    /// Makes this host a silo (Orleans, membership and grain directory in Redis) owning the <see cref="EnvPool"/> that
    /// <see cref="GymBridgeServiceCollectionExtensions.AddGymBridge"/> registers (added here when the host has not),
    /// serving the cluster's env grains, and registers <see cref="GymCluster"/> for the host's own use.
    /// </summary>
    public static IHostApplicationBuilder AddGymBridgeSilo(this IHostApplicationBuilder builder, GymClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!builder.Services.Any(d => d.ServiceType == typeof(EnvPoolService)))
        {
            builder.Services.AddGymBridge();
        }

        // Parsed once, here, for membership and directory alike: Orleans would parse it only when the host starts, and a
        // bad one should stop the start plainly.
        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(options.Redis);
        }
        catch (ArgumentException error)
        {
            throw new InvalidOperationException($"GymBridge:Cluster:Redis (--cluster) '{options.Redis}' is not a StackExchange.Redis connection string: {error.Message}", error);
        }

        // Orleans' ports are unauthenticated: beyond loopback they need the cluster's certificate (mutual TLS).
        var certificate = ClusterCertificate.Load(options.Certificate, options.CertificatePassword);
        var address = options.AdvertisedAddress ?? (options.Kubernetes ? null : IPAddress.Loopback); // Kubernetes hosting advertises the pod's IP
        if (certificate is null && (address is null || !IPAddress.IsLoopback(address)))
        {
            throw new InvalidOperationException(
                $"GymBridge:Cluster: the silo and gateway ports on {address?.ToString() ?? "the pod's IP"} would let any machine that reaches them " +
                "drive this host's envs; give the cluster its certificate (--cluster-certificate FILE.pfx, GymBridge:Cluster:Certificate; " +
                "docs/cluster.md, \"Trust\") or keep it on one machine (no --advertise).");
        }

        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis.Clone());
            // Grains are registered in Redis too, not in Orleans' in-cluster directory: that one is partitioned across
            // the silos, so a silo's death took part of every other silo's registrations with it, failing and
            // re-activating envs of live silos until the death was declared. In Redis a death touches its own envs only.
            silo.UseRedisGrainDirectoryAsDefault(directory => directory.ConfigurationOptions = redis.Clone());
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = options.SiloPort;
                endpoints.GatewayPort = options.GatewayPort;
                if (address is not null)
                {
                    endpoints.AdvertisedIPAddress = address;
                }
            });
            if (certificate is not null)
            {
                silo.UseTls(tls => ClusterCertificate.Configure(tls, certificate));
            }

            if (options.Kubernetes)
            {
                silo.UseKubernetesHosting();
            }

            silo.AddGymBridgeGrains(options);
        });
        return builder;
    }

    /// <summary>Everything of GymBridge a silo needs besides clustering and endpoints (the in-process test cluster brings its own).</summary>
    internal static ISiloBuilder AddGymBridgeGrains(this ISiloBuilder silo, GymClusterOptions options)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = options.ProbeTimeout;
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        silo.Services.AddSingleton<SiloEnvs>();
        silo.Services.AddSingleton(provider => new GymCluster(provider.GetRequiredService<IGrainFactory>()));
        silo.AddPlacementDirector<OwnerSiloPlacement, OwnerSiloPlacementDirector>();
        silo.AddPlacementDirector<FreeCapacityPlacement, FreeCapacityPlacementDirector>();
        silo.AddIncomingGrainCallFilter<ClusterFaultFilter>();
        return silo;
    }
}
