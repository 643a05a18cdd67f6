using GymBridge.Errors;
using Microsoft.AspNetCore.Connections;

namespace GymBridge.Server.Hosting;

/// <summary>What the command line prints when the host cannot start: one line with the problem and its fix; the stack trace goes to the debug log.</summary>
internal static partial class StartupFailure
{
    public static async Task ReportAsync(Exception error, WebApplication? app, string[] args)
    {
        if (app is not null)
        {
            LogStack(app.Logger, error);
        }
        else
        {
            // The host was never built: a logger of its own, configured as the host's would have been.
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
            using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
            var logger = loggers.CreateLogger("GymBridge.Server");
            if (logger.IsEnabled(LogLevel.Debug))
            {
                LogStack(logger, error);
            }
        }

        await Console.Error.WriteLineAsync($"gymbridge: {(error is AddressInUseException && app is not null ? OrleansPortInUse(app.Configuration) : Describe(error))}").ConfigureAwait(false);
    }

    /// <summary>Kestrel's own bind failure comes wrapped (an IOException); a bare one is Orleans' silo or gateway listener.</summary>
    private static string OrleansPortInUse(IConfiguration configuration)
    {
        var cluster = configuration.GetSection(GymBridge.Cluster.GymClusterOptions.ConfigurationSection);
        var defaults = new GymBridge.Cluster.GymClusterOptions();
        return $"The silo port ({cluster["SiloPort"] ?? defaults.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}) or the gateway port " +
            $"({cluster["GatewayPort"] ?? defaults.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}) is in use: another host of the cluster on this machine " +
            "needs ports of its own (--silo-port P --gateway-port G).";
    }

    public static string Describe(Exception error) => error switch
    {
        StartupException e => FirstLine(e.Message),
        WorkerStartException e => $"{FirstLine(e.Message)} (`gymbridge check` diagnoses the interpreter and its packages; modules given to --import must import cleanly in it)",
        StackExchange.Redis.RedisConnectionException =>
            "The cluster's Redis (--cluster) cannot be reached: start it, or point --cluster at it (HOST:PORT, a StackExchange.Redis connection string).",
        IOException { InnerException: AddressInUseException } e =>
            $"{FirstLine(e.Message)} Another process listens there: stop it, or choose another address with --urls http://127.0.0.1:PORT.",
        _ => $"{error.GetType().Name}: {FirstLine(error.Message)} (the stack trace is in the debug log: --Logging:LogLevel:Default Debug)",
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The host could not start")]
    private static partial void LogStack(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping what had started after a failed start failed too")]
    public static partial void LogStopFailure(ILogger logger, Exception error);
}
