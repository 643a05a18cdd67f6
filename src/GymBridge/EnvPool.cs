using GymBridge.Envs;
using GymBridge.Protocol;
using GymBridge.Protocol.MessagePack;
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
    private readonly Worker[] _workers;
    private int _disposed;

    private EnvPool(Worker[] workers) => _workers = workers;

    public IReadOnlyList<WorkerInfo> Workers => [.. _workers.Select(w => w.Info)];

    public static EnvPool Start(GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        StartAsync(options, loggerFactory).GetAwaiter().GetResult();

    /// <summary>Starts the workers. Fails fast with a <see cref="Errors.WorkerStartException"/> that says how to fix the Python setup.</summary>
    public static async Task<EnvPool> StartAsync(GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new GymBridgeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("GymBridge.Workers");
        var spinGate = new SharedMemory.SpinGate(options.SpinPolicy, options.SpinTime);
        var starting = Enumerable.Range(0, options.WorkerCount)
            .Select(i => Worker.StartAsync(i, options, spinGate, logger, cancellationToken))
            .ToArray();
        try
        {
            return new EnvPool(await Task.WhenAll(starting).ConfigureAwait(false));
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public RemoteEnv Make(string envId, MakeOptions? options = null) => MakeAsync(envId, options).GetAwaiter().GetResult();

    /// <summary><c>gymnasium.make(envId, ...)</c> on the least-loaded worker. <c>module:EnvName</c> ids import the module first.</summary>
    public async Task<RemoteEnv> MakeAsync(string envId, MakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var worker = ReserveLeastLoaded();
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
        using var reply = await LeastLoaded().RequestAsync<object?>(WorkerOp.ListEnvs, null, null, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return [.. GymValueSerializer.Read(ref reader).AsList().Select(v => v.AsString())];
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Asks every worker to exit, and kills those that do not within two seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Task.WhenAll(_workers.Select(w => w.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    /// <summary>Picks the worker with the fewest envs and counts the new env there at once, so concurrent makes spread out.</summary>
    private Worker ReserveLeastLoaded()
    {
        lock (_workers)
        {
            var worker = LeastLoaded();
            worker.EnvAdded();
            return worker;
        }
    }

    private Worker LeastLoaded()
    {
        Worker? best = null;
        foreach (var worker in _workers)
        {
            if (worker.IsAlive && (best is null || worker.EnvCount < best.EnvCount))
            {
                best = worker;
            }
        }

        return best ?? throw new Errors.EnvLostException("Every worker of this pool has died; start a new pool.");
    }
}
