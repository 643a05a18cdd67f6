namespace GymBridge.Server.Hosting;

/// <summary>Short command-line switches for the options, e.g. <c>--workers 4 --api-key s3cret</c>.</summary>
internal static class CommandLineSwitches
{
    public static Dictionary<string, string> Map { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--workers"] = $"{ServerOptions.Section}:{nameof(ServerOptions.Workers)}",
        ["--python"] = $"{ServerOptions.Section}:{nameof(ServerOptions.Python)}",
        ["--worker-directory"] = $"{ServerOptions.Section}:{nameof(ServerOptions.WorkerDirectory)}",
        ["--import"] = $"{ServerOptions.Section}:{nameof(ServerOptions.ImportModules)}:0",
        ["--worker-timeout"] = $"{ServerOptions.Section}:{nameof(ServerOptions.WorkerRequestTimeout)}",
        ["--spin-policy"] = $"{ServerOptions.Section}:{nameof(ServerOptions.SpinPolicy)}",
        ["--spin-time"] = $"{ServerOptions.Section}:{nameof(ServerOptions.SpinTime)}",
        ["--max-restarts"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxRestarts)}",
        ["--restart-window"] = $"{ServerOptions.Section}:{nameof(ServerOptions.RestartWindow)}",
        ["--restart-delay"] = $"{ServerOptions.Section}:{nameof(ServerOptions.RestartDelay)}",
        ["--max-restart-delay"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxRestartDelay)}",
        ["--max-envs"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxEnvs)}",
        ["--max-envs-per-client"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxEnvsPerClient)}",
        ["--idle-ttl"] = $"{ServerOptions.Section}:{nameof(ServerOptions.IdleTtl)}",
        ["--max-body"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxRequestBodyBytes)}",
        ["--request-time-limit"] = $"{ServerOptions.Section}:{nameof(ServerOptions.RequestTimeLimit)}",
        ["--api-key"] = $"{ServerOptions.Section}:{nameof(ServerOptions.ApiKey)}",
        ["--allow-unauthenticated-remote"] = $"{ServerOptions.Section}:{nameof(ServerOptions.AllowUnauthenticatedRemote)}",
        ["--cors-origin"] = $"{ServerOptions.Section}:{nameof(ServerOptions.CorsOrigins)}:0",
        ["--enable-shutdown"] = $"{ServerOptions.Section}:{nameof(ServerOptions.EnableShutdown)}",
        ["--recordings"] = $"{ServerOptions.Section}:{nameof(ServerOptions.RecordingsRoot)}",
        ["--ffmpeg"] = $"{ServerOptions.Section}:{nameof(ServerOptions.Ffmpeg)}",
        ["--development-details"] = $"{ServerOptions.Section}:{nameof(ServerOptions.DevelopmentDetails)}",
        ["--otlp-endpoint"] = $"{ServerOptions.Section}:{nameof(ServerOptions.OtlpEndpoint)}",
        ["--otlp-protocol"] = $"{ServerOptions.Section}:{nameof(ServerOptions.OtlpProtocol)}",
    };
}
