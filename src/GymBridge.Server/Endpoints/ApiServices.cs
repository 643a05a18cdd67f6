using GymBridge.Hosting;
using GymBridge.Server.Hosting;
using GymBridge.Server.Instances;
using GymBridge.Server.Monitoring;
using GymBridge.Server.Recording;
using GymBridge.Server.VectorEnvs;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Endpoints;

/// <summary>The singletons the endpoints use, resolved once when the routes are mapped (not per request).</summary>
public sealed class ApiServices(
    InstanceRegistry registry,
    VectorRegistry vectors,
    ServerStats stats,
    IOptions<ServerOptions> options,
    RecordingRoot recordings,
    EnvPoolService pool,
    IEnvSource source,
    IHostApplicationLifetime lifetime)
{
    public InstanceRegistry Registry { get; } = registry;

    public VectorRegistry Vectors { get; } = vectors;

    public ServerStats Stats { get; } = stats;

    public ServerOptions Options { get; } = options.Value;

    public RecordingRoot Recordings { get; } = recordings;

    public EnvPoolService Pool { get; } = pool;

    /// <summary>Where single envs come from: this host's pool, or the cluster.</summary>
    public IEnvSource Source { get; } = source;

    public IHostApplicationLifetime Lifetime { get; } = lifetime;
}
