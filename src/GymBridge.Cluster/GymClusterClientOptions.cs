namespace GymBridge.Cluster;

/// <summary>How an external client (<see cref="GymCluster.ConnectAsync"/>) finds the cluster's gateways: through the membership table in Redis.</summary>
public sealed class GymClusterClientOptions
{
    /// <summary>The StackExchange.Redis connection string of the membership table, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Redis { get; set; } = "127.0.0.1:6379";

    /// <summary>The cluster's name, as the silos have it.</summary>
    public string ClusterId { get; set; } = "gymbridge";

    /// <summary>Orleans' service id, as the silos have it.</summary>
    public string ServiceId { get; set; } = "gymbridge";

    /// <summary>The cluster's certificate (.pfx with its key), when its silos have one (<see cref="GymClusterOptions.Certificate"/>).</summary>
    public string? Certificate { get; set; }

    /// <summary>The password of <see cref="Certificate"/>, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>How long <see cref="GymCluster.ConnectAsync"/> tries to be admitted by a gateway before it throws <see cref="TimeoutException"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
