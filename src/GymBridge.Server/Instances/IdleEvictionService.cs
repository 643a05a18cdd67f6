using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>Closes envs that have had no request for <see cref="ServerOptions.IdleTtl"/> (never one that is in use).</summary>
public sealed partial class IdleEvictionService(InstanceRegistry registry, IOptions<ServerOptions> options, ILogger<IdleEvictionService> logger)
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
            foreach (var instance in registry.All)
            {
                if (instance.IdleFor < ttl || !instance.Gate.Wait(0, CancellationToken.None))
                {
                    continue;
                }

                try
                {
                    if (instance.IdleFor >= ttl && await registry.RemoveAsync(instance, RemovalReason.Evicted).ConfigureAwait(false))
                    {
                        LogEvicted(logger, instance.InstanceId, instance.EnvId, ttl.TotalSeconds);
                    }
                }
                finally
                {
                    instance.Gate.Release();
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed idle env {InstanceId} ({EnvId}) after {Seconds} s without requests")]
    private static partial void LogEvicted(ILogger logger, string instanceId, string envId, double seconds);
}
