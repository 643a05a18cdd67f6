namespace GymBridge.Server.Hosting;

/// <summary>
/// Short command-line switches for the options, e.g. <c>--workers 4 --api-key s3cret</c>. The list switches
/// (<c>--import</c>, <c>--allow-module</c>, <c>--cors-origin</c>, <c>--allowed-host</c>) may be repeated: each occurrence adds one item.
/// </summary>
internal static class CommandLineSwitches
{
    public static Dictionary<string, string> Map { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--workers"] = Key(nameof(ServerOptions.Workers)),
        ["--python"] = Key(nameof(ServerOptions.Python)),
        ["--worker-directory"] = Key(nameof(ServerOptions.WorkerDirectory)),
        ["--worker-timeout"] = Key(nameof(ServerOptions.WorkerRequestTimeout)),
        ["--spin-policy"] = Key(nameof(ServerOptions.SpinPolicy)),
        ["--spin-time"] = Key(nameof(ServerOptions.SpinTime)),
        ["--max-restarts"] = Key(nameof(ServerOptions.MaxRestarts)),
        ["--restart-window"] = Key(nameof(ServerOptions.RestartWindow)),
        ["--restart-delay"] = Key(nameof(ServerOptions.RestartDelay)),
        ["--max-restart-delay"] = Key(nameof(ServerOptions.MaxRestartDelay)),
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
    };

    /// <summary>The repeatable switches and the list option each fills.</summary>
    public static Dictionary<string, string> Lists { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--import"] = nameof(ServerOptions.ImportModules),
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
}
