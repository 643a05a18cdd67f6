using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>Starts the pool of Python workers with the host (failing the start with the library's fix-it message) and stops it last.</summary>
public sealed class EnvPoolHost(IOptions<ServerOptions> options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private EnvPool? _pool;

    public EnvPool Pool => _pool ?? throw new InvalidOperationException("The worker pool has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var poolOptions = new GymBridgeOptions
        {
            PythonPath = settings.Python,
            WorkerDirectory = settings.WorkerDirectory,
            WorkerCount = settings.Workers,
            RequestTimeout = settings.WorkerRequestTimeout,
        };
        foreach (var module in settings.ImportModules)
        {
            poolOptions.ImportModules.Add(module);
        }

        _pool = await EnvPool.StartAsync(poolOptions, loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_pool is { } pool)
        {
            _pool = null;
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }
}
