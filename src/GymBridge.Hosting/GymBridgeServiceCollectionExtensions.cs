using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GymBridge.Hosting;

/// <summary>Registers GymBridge in a .NET Generic Host (or any <see cref="IServiceCollection"/>).</summary>
public static class GymBridgeServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="GymBridgeOptions"/> is bound from (<c>GymBridge__WorkerCount</c> as an environment variable).</summary>
    public const string ConfigurationSection = "GymBridge";

    /// <summary>
    /// Adds <see cref="Microsoft.Extensions.Options.IOptions{TOptions}"/> of <see cref="GymBridgeOptions"/> bound from the <c>GymBridge</c> configuration section and then
    /// <paramref name="configure"/>, a hosted service that starts the <see cref="EnvPool"/> when the host starts and disposes
    /// it when the host stops, the <see cref="EnvPool"/> itself (resolvable once the host has started), a
    /// health check named <c>gymbridge</c>, and the metrics services (the pool publishes on the container's
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>, meter <c>GymBridge</c>).
    /// </summary>
    public static IServiceCollection AddGymBridge(this IServiceCollection services, Action<GymBridgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GymBridgeOptions>().BindConfiguration(ConfigurationSection);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.AddSingleton<EnvPoolService>();
        services.AddHostedService(provider => provider.GetRequiredService<EnvPoolService>());
        services.AddSingleton(provider => provider.GetRequiredService<EnvPoolService>().Pool);
        services.AddHealthChecks().AddCheck<EnvPoolHealthCheck>("gymbridge");
        return services;
    }
}
