using System.Diagnostics.Metrics;
using GymBridge.Diagnostics;
using GymBridge.Envs;
using GymBridge.Protocol;
using GymBridge.Supervision;
using GymBridge.Values;
using GymBridge.Vector;
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
    private readonly TimeSpan _spinTime;
    private readonly PoolMetrics _metrics;
    private int _disposed;

    private EnvPool(Supervisor supervisor, TimeSpan spinTime, PoolMetrics metrics)
    {
        _supervisor = supervisor;
        _spinTime = spinTime;
        _metrics = metrics;
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

    /// <summary>Starts the workers and waits for them: the blocking form of <see cref="StartAsync"/>.</summary>
    public static EnvPool Start(GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null) =>
        Sync.Run((Options: options, Loggers: loggerFactory, Meters: meterFactory), static s => StartAsync(s.Options, s.Loggers, s.Meters));

    /// <summary>
    /// Starts the workers. Fails fast with a <see cref="Errors.WorkerStartException"/> that says how to fix the Python setup.
    /// Later, a worker that dies is restarted within <see cref="GymBridgeOptions.MaxRestarts"/>.
    /// </summary>
    /// <param name="options">The pool's settings; null means the defaults.</param>
    /// <param name="loggerFactory">Receives worker output, deaths and restarts; null logs nothing.</param>
    /// <param name="meterFactory">Creates the <see cref="GymBridgeMetrics.MeterName"/> meter the pool's metrics go to (a host's);
    /// null means a meter shared by every such pool in the process.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EnvPool> StartAsync(
        GymBridgeOptions? options = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, CancellationToken cancellationToken = default)
    {
        options ??= new GymBridgeOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("GymBridge.Workers");
        var spinGate = new SharedMemory.SpinGate(options.SpinPolicy, options.SpinTime);
        var metrics = PoolMetrics.For(meterFactory);
        var supervisor = await Supervisor.StartAsync(
            options,
            (index, token) => Worker.StartAsync(index, options, spinGate, logger, token),
            loggerFactory.CreateLogger("GymBridge.Supervision"),
            metrics,
            cancellationToken).ConfigureAwait(false);
        return new EnvPool(supervisor, options.SpinTime, metrics);
    }

    /// <summary>Makes an env and waits for it: the blocking form of <see cref="MakeAsync"/>.</summary>
    public RemoteEnv Make(string envId, MakeOptions? options = null) =>
        Sync.Run((Pool: this, EnvId: envId, Options: options), static s => s.Pool.MakeAsync(s.EnvId, s.Options));

    /// <summary>Makes a vector env and waits for it: the blocking form of <see cref="MakeVectorAsync"/>.</summary>
    public VectorEnv MakeVector(string envId, int numEnvs, VectorOptions? options = null) =>
        Sync.Run((Pool: this, EnvId: envId, NumEnvs: numEnvs, Options: options), static s => s.Pool.MakeVectorAsync(s.EnvId, s.NumEnvs, s.Options));

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
            return await MakeOnAsync(worker, envId, options ?? new MakeOptions(), _metrics, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.EnvRemoved();
            throw;
        }
    }

    private static async Task<RemoteEnv> MakeOnAsync(Worker worker, string envId, MakeOptions options, PoolMetrics metrics, CancellationToken cancellationToken)
    {
        using var reply = await WorkerRequests.Make(worker, envId, options, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return new RemoteEnv(worker, GymValueFormatter.Read(ref reader).AsMap(), metrics);
    }

    /// <summary>
    /// <paramref name="numEnvs"/> copies of <paramref name="envId"/> stepped as one (gymnasium's vector API),
    /// split into slices over the workers so they step in parallel, with their arrays in shared memory.
    /// </summary>
    public async Task<VectorEnv> MakeVectorAsync(string envId, int numEnvs, VectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        options ??= new VectorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SlicesPerWorker, 1);
        var sliceCount = Math.Min(numEnvs, Math.Max(1, _supervisor.RunningWorkers().Count) * options.SlicesPerWorker);
        var workers = await ReserveAsync(sliceCount, cancellationToken).ConfigureAwait(false);
        var made = new Task<GymMap>[sliceCount];
        var starts = new int[sliceCount];
        for (int k = 0, start = 0; k < sliceCount; k++)
        {
            var count = (numEnvs / sliceCount) + (k < numEnvs % sliceCount ? 1 : 0);
            starts[k] = start;
            made[k] = MakeSliceAsync(workers[k], envId, count, options, cancellationToken);
            start += count;
        }

        VectorBuffers? buffers = null;
        try
        {
            var replies = await Task.WhenAll(made).ConfigureAwait(false);
            var actionSpace = Spaces.Space.FromDescription(replies[0]["action_space"]);
            var observationSpace = Spaces.Space.FromDescription(replies[0]["observation_space"]);
            var slices = replies.Select((reply, k) => new VectorSlice(workers[k], reply["handle"].AsInt64(), starts[k], (k + 1 < sliceCount ? starts[k + 1] : numEnvs) - starts[k])).ToArray();
            buffers = new VectorBuffers(numEnvs, ArrayLayout.For(actionSpace), ArrayLayout.For(observationSpace));
            return await VectorEnv.AttachAsync(replies[0]["env_id"].AsString(), options.AutoresetMode, actionSpace, observationSpace, slices, buffers, _spinTime, _metrics, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            buffers?.Dispose();
            for (var k = 0; k < sliceCount; k++)
            {
                if (made[k].IsCompletedSuccessfully)
                {
                    await CloseQuietlyAsync(workers[k], made[k].Result["handle"].AsInt64()).ConfigureAwait(false);
                }

                workers[k].EnvRemoved();
            }

            throw;
        }
    }

    /// <summary>A worker for each of <paramref name="count"/> slices, least-loaded first, each counting its slice.</summary>
    private async Task<Worker[]> ReserveAsync(int count, CancellationToken cancellationToken)
    {
        var workers = new List<Worker>(count);
        try
        {
            while (workers.Count < count)
            {
                workers.Add(await _supervisor.ReserveAsync(countEnv: true, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            workers.ForEach(w => w.EnvRemoved());
            throw;
        }

        return [.. workers];
    }

    private static async Task<GymMap> MakeSliceAsync(Worker worker, string envId, int count, VectorOptions options, CancellationToken cancellationToken)
    {
        using var reply = await WorkerRequests.MakeVector(worker, envId, count, options, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        return GymValueFormatter.Read(ref reader).AsMap();
    }

    private static async Task CloseQuietlyAsync(Worker worker, long handle)
    {
        try
        {
            using var reply = await WorkerRequests.Close(worker, handle).ConfigureAwait(false);
        }
        catch (Errors.GymBridgeException)
        {
            // Its worker is gone: so is the slice.
        }
    }

    /// <summary>Every env id registered in gymnasium: the blocking form of <see cref="ListEnvIdsAsync"/>.</summary>
    public IReadOnlyList<string> ListEnvIds() => Sync.Run(this, static pool => pool.ListEnvIdsAsync());

    /// <summary>Every env id registered in gymnasium (and by <see cref="GymBridgeOptions.ImportModules"/>).</summary>
    public async Task<IReadOnlyList<string>> ListEnvIdsAsync(CancellationToken cancellationToken = default)
    {
        var worker = await _supervisor.ReserveAsync(countEnv: true, cancellationToken).ConfigureAwait(false);
        try
        {
            using var reply = await WorkerRequests.ListEnvs(worker, cancellationToken).ConfigureAwait(false);
            var reader = reply.CreateResultReader();
            return [.. GymValueFormatter.Read(ref reader).AsList().Select(v => v.AsString())];
        }
        finally
        {
            worker.EnvRemoved();
        }
    }

    /// <summary>Stops the pool and waits for it: the blocking form of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => Sync.Run(this, static pool => pool.DisposeAsync());

    /// <summary>Stops restarting workers, asks every worker to exit, and kills those that do not within two seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _supervisor.DisposeAsync().ConfigureAwait(false);
        }
    }
}
