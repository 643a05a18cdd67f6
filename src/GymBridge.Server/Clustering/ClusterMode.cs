using System.Net;
using GymBridge.Cluster;
using GymBridge.Server.Hosting;
using GymBridge.Server.Instances;

namespace GymBridge.Server.Clustering;

/// <summary>
/// Chooses at start-up where single envs come from. With <c>GymBridge:Cluster:Redis</c> set (<c>--cluster REDIS</c>)
/// the host is a silo of the cluster (<see cref="GymClusterHostingExtensions.AddGymBridgeSilo"/>) and serves every env of
/// it; without, it is a single host and nothing of Orleans is started or on the step path.
/// </summary>
internal static class ClusterMode
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GymClusterOptions.ConfigurationSection);
        if (string.IsNullOrWhiteSpace(section[nameof(GymClusterOptions.Redis)]))
        {
            if (section.GetChildren().Any())
            {
                throw new StartupException($"{string.Join(", ", section.GetChildren().Select(c => c.Path))} configure cluster mode, which needs the membership's Redis too: add --cluster HOST:PORT (or {GymClusterOptions.ConfigurationSection}:Redis).");
            }

            builder.Services.AddSingleton<IEnvSource, LocalEnvSource>();
            return;
        }

        GymClusterOptions options;
        try
        {
            options = section.Get<GymClusterOptions>() ?? new GymClusterOptions();
        }
        catch (InvalidOperationException error)
        {
            throw new StartupException($"{error.Message} Give it a value of that type (the options are listed in docs/cluster.md).", error);
        }

        // The binder has no converter for IPAddress: it would leave the option unset and the silo on loopback.
        if (section[nameof(GymClusterOptions.AdvertisedAddress)] is { Length: > 0 } advertised)
        {
            options.AdvertisedAddress = IPAddress.TryParse(advertised, out var address) ? address
                : throw new StartupException($"{section.Path}:{nameof(GymClusterOptions.AdvertisedAddress)} (--advertise) '{advertised}' is not an IP address: give the address other hosts reach this one at, e.g. 10.0.0.5.");
        }

        // The silo refuses the modules the REST layer would (ModulePolicy): one list, GymBridge:AllowedModules.
        foreach (var module in builder.Configuration.GetSection($"{ServerOptions.Section}:{nameof(ServerOptions.AllowedModules)}").Get<string[]>() ?? [])
        {
            options.AllowedModules.Add(module);
        }

        try
        {
            builder.AddGymBridgeSilo(options);
        }
        catch (InvalidOperationException error)
        {
            throw new StartupException(error.Message, error);
        }

        builder.Services.AddSingleton<IEnvSource, ClusterEnvSource>();
    }
}
