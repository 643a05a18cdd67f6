using GymBridge.Server.Hosting;
using GymBridge.Server.VectorEnvs;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>Closes envs and vector envs that have had no request for <see cref="ServerOptions.IdleTtl"/> (never one that is in use).</summary>
public sealed partial class IdleEvictionService(InstanceRegistry registry, VectorRegistry vectors, IOptions<ServerOptions> options, ILogger<IdleEvictionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = options.Value.IdleTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(ttl.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            IServedEnv[] evicted = [.. await registry.EvictIdleAsync(ttl).ConfigureAwait(false), .. await vectors.EvictIdleAsync(ttl).ConfigureAwait(false)];
            foreach (var instance in evicted)
            {
                LogEvicted(logger, instance.InstanceId, instance.EnvId, ttl.TotalSeconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed idle env {InstanceId} ({EnvId}) after {Seconds} s without requests")]
    private static partial void LogEvicted(ILogger logger, string instanceId, string envId, double seconds);
}
