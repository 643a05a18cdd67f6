using System.Net;

namespace GymBridge.Cluster;

/// <summary>
/// What makes a host a silo of a GymBridge cluster (configuration section <c>GymBridge:Cluster</c>): where the
/// membership lives (Redis), the cluster's name, this silo's ports and address, and how fast a dead silo is
/// declared dead (docs/cluster.md, "Membership").
/// </summary>
public sealed class GymClusterOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string ConfigurationSection = "GymBridge:Cluster";

    /// <summary>The StackExchange.Redis connection string of the membership table, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>The cluster's name: silos and clients with the same id (and <see cref="ServiceId"/>) form one cluster.</summary>
    public string ClusterId { get; set; } = "gymbridge";

    /// <summary>Orleans' service id (stable across deployments of the same service).</summary>
    public string ServiceId { get; set; } = "gymbridge";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (<see cref="GymCluster.ConnectAsync"/>) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; null lets Orleans pick this machine's address.</summary>
    public IPAddress? AdvertisedAddress { get; set; }

    /// <summary>
    /// How many envs one live worker is taken to hold when free capacity is reckoned
    /// (free = live workers × this − envs): placement weight, not a limit.
    /// </summary>
    public int EnvsPerWorker { get; set; } = 64;

    /// <summary>How often each silo probes the silos it watches (Orleans' <c>ProbeTimeout</c>); default 2 s instead of Orleans' 5 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo votes another dead (Orleans' <c>NumMissedProbesLimit</c>).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Running in a Kubernetes pod (deploy/kubernetes): Orleans' Kubernetes hosting names the silo after the pod,
    /// advertises the pod's IP (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>) and watches the cluster's pods, so
    /// the silo of a deleted pod is declared dead at once.
    /// </summary>
    public bool Kubernetes { get; set; }
}
