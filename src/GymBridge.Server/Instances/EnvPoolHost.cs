using System.Diagnostics.Metrics;
using GymBridge.Server.Hosting;
using GymBridge.Supervision;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>
/// Starts the pool of Python workers with the host (failing the start with the library's fix-it message) and stops
/// it last. Logs every worker state change (died, restarted, gave up). The pool's metrics go to the host's meter factory.
/// </summary>
public sealed partial class EnvPoolHost(IOptions<ServerOptions> options, ILoggerFactory loggerFactory, IMeterFactory meterFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<EnvPoolHost>();
    private EnvPool? _pool;

    public EnvPool Pool => _pool ?? throw new InvalidOperationException("The worker pool has not started.");

    /// <summary>The library's options the host's settings translate to.</summary>
    public static GymBridgeOptions PoolOptions(ServerOptions settings)
    {
        var poolOptions = new GymBridgeOptions
        {
            PythonPath = settings.Python,
            WorkerDirectory = settings.WorkerDirectory,
            WorkerCount = settings.Workers,
            RequestTimeout = settings.WorkerRequestTimeout,
            SpinPolicy = settings.SpinPolicy,
            MaxRestarts = settings.MaxRestarts,
            RestartWindow = settings.RestartWindow,
            RestartDelay = settings.RestartDelay,
            MaxRestartDelay = settings.MaxRestartDelay,
        };
        if (settings.SpinTime is { } spinTime)
        {
            poolOptions.SpinTime = spinTime;
        }

        foreach (var module in settings.ImportModules)
        {
            poolOptions.ImportModules.Add(module);
        }

        return poolOptions;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _pool = await EnvPool.StartAsync(PoolOptions(options.Value), loggerFactory, meterFactory, cancellationToken).ConfigureAwait(false);
        _pool.WorkerStateChanged += OnWorkerStateChanged;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_pool is { } pool)
        {
            _pool = null;
            pool.WorkerStateChanged -= OnWorkerStateChanged;
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnWorkerStateChanged(object? sender, WorkerStateChangedEventArgs change)
    {
        switch (change.State)
        {
            case WorkerState.Running:
                LogRestarted(_logger, change.Index, change.Pid, change.Restarts);
                break;
            case WorkerState.Restarting:
                LogRestarting(_logger, change.Index, change.Pid, change.Reason?.Message);
                break;
            case WorkerState.Failed:
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
}
