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

    /// <summary>
    /// The address other silos and clients reach this silo at, and the only one it listens on; null is 127.0.0.1 (one
    /// machine), or the pod's IP with <see cref="Kubernetes"/>. Any other than loopback needs <see cref="Certificate"/>.
    /// </summary>
    public IPAddress? AdvertisedAddress { get; set; }

    /// <summary>
    /// The cluster's certificate, a PKCS#12 (.pfx) file with its private key, shared by every silo and client: with it
    /// Orleans' connections are mutual TLS that admit only holders of the same certificate (docs/cluster.md, "Trust").
    /// Required beyond loopback: without it any machine that reaches the silo and gateway ports could drive its envs.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The password of <see cref="Certificate"/>, if it has one (better from the environment: <c>GymBridge__Cluster__CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

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
    /// Python modules a caller may name in an env id (<c>module:Env-v0</c>, which imports the module on the silo and so
    /// runs its code), besides the pool's own <see cref="GymBridgeOptions.ImportModules"/>: the silo refuses any other.
    /// The REST host in cluster mode fills it from its <c>GymBridge:AllowedModules</c> (<c>--allow-module</c>).
    /// </summary>
    public IList<string> AllowedModules { get; } = [];

    /// <summary>
    /// Running in a Kubernetes pod (deploy/kubernetes): Orleans' Kubernetes hosting names the silo after the pod,
    /// advertises the pod's IP (<c>POD_NAME</c>, <c>POD_NAMESPACE</c>, <c>POD_IP</c>) and watches the cluster's pods, so
    /// the silo of a deleted pod is declared dead at once.
    /// </summary>
    public bool Kubernetes { get; set; }
}
