using GymBridge.Envs;
using GymBridge.Protocol;
using GymBridge.Protocol.MessagePack;
using GymBridge.Supervision;
using GymBridge.Values;
using GymBridge.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GymBridge;

/// <summary>
/// The entry point: starts Python workers and makes Gymnasium envs in them.
/// <code>
/// await using var pool = await EnvPool.StartAsync();
/// using var env = await pool.MakeAsync("CartPole-v1");
/// var (observation, info) = env.Reset(seed: 42);
/// var step = env.Step(1);
/// </code>
/// </summary>
public sealed class EnvPool : IAsyncDisposable, IDisposable
{
    private readonly Supervisor _supervisor;
    private int _disposed;

    private EnvPool(Supervisor supervisor)
    {
        _supervisor = supervisor;
        _supervisor.StateChanged += change => WorkerStateChanged?.Invoke(this, change);
        _supervisor.Watch();
    }

    /// <summary>
    /// A worker died, hung, failed to start, was replaced, or its slot gave up after too many restarts
    /// (raised on a thread-pool thread; not raised while the pool shuts down).
    /// </summary>
    public event EventHandler<WorkerStateChangedEventArgs>? WorkerStateChanged;

    /// <summary>The workers running now, in slot order (a slot whose worker is being restarted or stays down is missing).</summary>
    public IReadOnlyList<WorkerInfo> Workers => _supervisor.RunningWorkers();

    /// <summary>Health and load: each worker slot (pid, state, envs, restarts, requests) and the pool's steps and step latencies.</summary>
    public PoolStats GetStats() => _supervisor.GetStats();

    public static EnvPool Start(GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        StartAsync(options, loggerFactory).GetAwaiter().GetResult();

    /// <summary>
    /// Starts the workers. Fails fast with a <see cref="Errors.WorkerStartException"/> that says how to fix the Python setup.
    /// Later, a worker that dies is restarted within <see cref="GymBridgeOptions.MaxRestarts"/>.
    /// </summary>
    public static async Task<EnvPool> StartAsync(GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new GymBridgeOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("GymBridge.Workers");
        var supervisor = await Supervisor.StartAsync(
            options,
            (index, token) => Worker.StartAsync(index, options, logger, token),
            loggerFactory.CreateLogger("GymBridge.Supervision"),
            cancellationToken).ConfigureAwait(false);
        return new EnvPool(supervisor);
    }

    public RemoteEnv Make(string envId, MakeOptions? options = null) => MakeAsync(envId, options).GetAwaiter().GetResult();

    /// <summary>
    /// <c>gymnasium.make(envId, ...)</c> on the least-loaded running worker (waiting for a restart if none runs).
    /// <c>module:EnvName</c> ids import the module first.
    /// </summary>
    public async Task<RemoteEnv> MakeAsync(string envId, MakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var worker = await _supervisor.ReserveAsync(countEnv: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return await MakeOnAsync(worker, envId, options ?? new MakeOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.EnvRemoved();
            throw;
        }
    }

    private static async Task<RemoteEnv> MakeOnAsync(Worker worker, string envId, MakeOptions options, CancellationToken cancellationToken)
    {
        using var reply = await worker.RequestAsync(WorkerOp.Make, (EnvId: envId, Options: options), static (ref MessagePackWriter w, (string EnvId, MakeOptions Options) s) =>
        {
            w.WriteMapHeader(4);
            w.Write("env_id");
            w.Write(s.EnvId);
            w.Write("kwargs");
            w.WriteMapHeader(s.Options.Kwargs.Count);
            foreach (var (key, value) in s.Options.Kwargs)
            {
                w.Write(key);
                GymValueSerializer.Write(ref w, value);
            }

            w.Write("render_mode");
            w.Write(s.Options.RenderMode);
            w.Write("max_episode_steps");
            if (s.Options.MaxEpisodeSteps is { } steps)
            {
                w.Write(steps);
            }
            else
            {
                w.WriteNil();
            }
        }, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return new RemoteEnv(worker, GymValueSerializer.Read(ref reader).AsMap());
    }

    /// <summary>Every env id registered in gymnasium (and by <see cref="GymBridgeOptions.ImportModules"/>).</summary>
    public async Task<IReadOnlyList<string>> ListEnvIdsAsync(CancellationToken cancellationToken = default)
    {
        var worker = await _supervisor.ReserveAsync(countEnv: true, cancellationToken).ConfigureAwait(false);
        try
        {
            using var reply = await worker.RequestAsync<object?>(WorkerOp.ListEnvs, null, null, cancellationToken).ConfigureAwait(false);
            var reader = reply.CreateResultReader();
            return [.. GymValueSerializer.Read(ref reader).AsList().Select(v => v.AsString())];
        }
        finally
        {
            worker.EnvRemoved();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops restarting workers, asks every worker to exit, and kills those that do not within two seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _supervisor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
