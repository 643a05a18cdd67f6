namespace GymBridge.Server.Hosting;

/// <summary>
/// Short command-line switches for the options of the <c>GymBridge</c> section (the library's <see cref="GymBridgeOptions"/>
/// and the host's <see cref="ServerOptions"/>), e.g. <c>--workers 4 --api-key s3cret</c>; each names one option, by its name. The list switches
/// (<c>--import</c>, <c>--allow-module</c>, <c>--cors-origin</c>, <c>--allowed-host</c>) may be repeated: each occurrence adds one item.
/// </summary>
internal static class CommandLineSwitches
{
    public static Dictionary<string, string> Map { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--workers"] = Key(nameof(GymBridgeOptions.WorkerCount)),
        ["--python"] = Key(nameof(GymBridgeOptions.PythonPath)),
        ["--worker-directory"] = Key(nameof(GymBridgeOptions.WorkerDirectory)),
        ["--worker-timeout"] = Key(nameof(GymBridgeOptions.RequestTimeout)),
        ["--spin-policy"] = Key(nameof(GymBridgeOptions.SpinPolicy)),
        ["--spin-time"] = Key(nameof(GymBridgeOptions.SpinTime)),
        ["--max-restarts"] = Key(nameof(GymBridgeOptions.MaxRestarts)),
        ["--restart-window"] = Key(nameof(GymBridgeOptions.RestartWindow)),
        ["--restart-delay"] = Key(nameof(GymBridgeOptions.RestartDelay)),
        ["--max-restart-delay"] = Key(nameof(GymBridgeOptions.MaxRestartDelay)),
        ["--max-envs"] = Key(nameof(ServerOptions.MaxEnvs)),
        ["--max-envs-per-client"] = Key(nameof(ServerOptions.MaxEnvsPerClient)),
        ["--idle-ttl"] = Key(nameof(ServerOptions.IdleTtl)),
        ["--max-body"] = Key(nameof(ServerOptions.MaxRequestBodyBytes)),
        ["--request-time-limit"] = Key(nameof(ServerOptions.RequestTimeLimit)),
        ["--api-key"] = Key(nameof(ServerOptions.ApiKey)),
        ["--allow-unauthenticated-remote"] = Key(nameof(ServerOptions.AllowUnauthenticatedRemote)),
        ["--enable-shutdown"] = Key(nameof(ServerOptions.EnableShutdown)),
        ["--recordings"] = Key(nameof(ServerOptions.RecordingsRoot)),
        ["--ffmpeg"] = Key(nameof(ServerOptions.Ffmpeg)),
        ["--development-details"] = Key(nameof(ServerOptions.DevelopmentDetails)),
        ["--otlp-endpoint"] = Key(nameof(ServerOptions.OtlpEndpoint)),
        ["--otlp-protocol"] = Key(nameof(ServerOptions.OtlpProtocol)),
        ["--cluster"] = ClusterKey("Redis"),
        ["--cluster-id"] = ClusterKey("ClusterId"),
        ["--silo-port"] = ClusterKey("SiloPort"),
        ["--gateway-port"] = ClusterKey("GatewayPort"),
        ["--advertise"] = ClusterKey("AdvertisedAddress"),
        ["--cluster-certificate"] = ClusterKey("Certificate"),
    };

    /// <summary>The repeatable switches and the list option each fills.</summary>
    public static Dictionary<string, string> Lists { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--import"] = nameof(GymBridgeOptions.ImportModules),
        ["--allow-module"] = nameof(ServerOptions.AllowedModules),
        ["--cors-origin"] = nameof(ServerOptions.CorsOrigins),
        ["--allowed-host"] = nameof(ServerOptions.AllowedHosts),
    };

    /// <summary>The arguments with every list switch rewritten to the next index of its list (<c>--GymBridge:ImportModules:1 x</c>).</summary>
    public static string[] ExpandLists(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var expanded = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (!Lists.TryGetValue(name, out var list) || (value is null && i + 1 >= args.Length))
            {
                expanded.Add(args[i]);
                continue;
            }

            counts[list] = counts.GetValueOrDefault(list) + 1;
            expanded.Add($"--{Key(list)}:{counts[list] - 1}");
            expanded.Add(value ?? args[++i]);
        }

        return [.. expanded];
    }

    private static string Key(string option) => $"{ServerOptions.Section}:{option}";

    private static string ClusterKey(string option) => $"{ServerOptions.Section}:Cluster:{option}";
}
