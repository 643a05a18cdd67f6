using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GymBridge.Hosting;

/// <summary>
/// Starts the <see cref="EnvPool"/> with the host and disposes it (stopping every worker) when the host stops.
/// Logs every worker state change (went down, running again, stays down).
/// </summary>
public sealed partial class EnvPoolService : IHostedService, IAsyncDisposable
{
    private readonly GymBridgeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IMeterFactory _meterFactory;
    private readonly ILogger _logger;
    private EnvPool? _pool;

    /// <summary>Created by the container; see <see cref="GymBridgeServiceCollectionExtensions.AddGymBridge"/>.</summary>
    public EnvPoolService(IOptions<GymBridgeOptions> options, ILoggerFactory loggerFactory, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _meterFactory = meterFactory;
        _logger = loggerFactory.CreateLogger("GymBridge.Hosting");
    }

    /// <summary>The running pool; throws <see cref="InvalidOperationException"/> before the host has started it or after it stopped.</summary>
    public EnvPool Pool => Volatile.Read(ref _pool) ?? throw new InvalidOperationException("The GymBridge pool is not running: it starts with the host (IHost.StartAsync) and stops with it.");

    /// <summary>Whether the pool is running (started and not yet stopped).</summary>
    public bool IsRunning => Volatile.Read(ref _pool) is not null;

    /// <summary>Starts the workers; a Python setup problem fails the host's start with a <see cref="Errors.WorkerStartException"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pool = await EnvPool.StartAsync(_options, _loggerFactory, _meterFactory, cancellationToken).ConfigureAwait(false);
        pool.WorkerStateChanged += OnWorkerStateChanged;
        Volatile.Write(ref _pool, pool);
        LogStarted(_logger, pool.Workers.Count);
    }

    /// <summary>Stops every worker (asks, then kills those that do not exit within two seconds).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pool, null) is { } pool)
        {
            pool.WorkerStateChanged -= OnWorkerStateChanged;
            await pool.DisposeAsync().ConfigureAwait(false);
            LogStopped(_logger);
        }
    }

    /// <summary>Stops the pool if the host did not.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private void OnWorkerStateChanged(object? sender, Supervision.WorkerStateChangedEventArgs change)
    {
        switch (change.State)
        {
            case Supervision.WorkerState.Running:
                LogRestarted(_logger, change.Index, change.Pid, change.Restarts);
                break;
            case Supervision.WorkerState.Restarting:
                LogRestarting(_logger, change.Index, change.Pid, change.Reason?.Message);
                break;
            case Supervision.WorkerState.Failed:
                LogFailed(_logger, change.Index, change.Restarts, change.Reason?.Message);
                break;
            default:
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Index} is running again as pid {Pid} (restart {Restarts})")]
    private static partial void LogRestarted(ILogger logger, int index, int? pid, int restarts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Index} (pid {Pid}) went down, restarting it: {Reason}")]
    private static partial void LogRestarting(ILogger logger, int index, int? pid, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Index} stays down after {Restarts} restarts: {Reason}")]
    private static partial void LogFailed(ILogger logger, int index, int restarts, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "GymBridge pool started: {Count} worker(s)")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "GymBridge pool stopped")]
    private static partial void LogStopped(ILogger logger);
}
