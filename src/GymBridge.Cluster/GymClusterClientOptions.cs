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
}
