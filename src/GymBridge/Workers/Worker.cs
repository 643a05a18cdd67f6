using GymBridge.Errors;
using GymBridge.Protocol;
using MessagePack;
using GymBridge.SharedMemory;
using GymBridge.Transport;
using GymBridge.Values;
using Microsoft.Extensions.Logging;

namespace GymBridge.Workers;

/// <summary>A started, connected, version-checked worker: its process, its connection, and how many envs it hosts.</summary>
internal sealed partial class Worker : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly WorkerProcess _process;
    private readonly WorkerConnection _connection;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<GymBridgeException> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _envCount;
    private int _retired;
    private int _connectionReleased;

    private Worker(int index, WorkerProcess process, ILogger logger, TimeSpan requestTimeout)
    {
        Index = index;
        _process = process;
        _logger = logger;
        RequestTimeout = requestTimeout;
        _connection = new WorkerConnection(new StreamDuplexPipe(process.Stream), Describe);
        _connection.Failed += OnFailed;
        _ = process.Exited.ContinueWith(
            _ => _connection.Fail(new EnvLostException($"{Describe()} exited; the envs it hosted are lost.")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public int Index { get; }

    public WorkerInfo Info { get; private set; } = null!;

    public TimeSpan RequestTimeout { get; }

    /// <summary>Completes, with the reason, once the worker has died, hung or been shut down.</summary>
    public Task<GymBridgeException> Lost => _lost.Task;

    public Supervision.WorkerCounters Counters { get; } = new();

    public int EnvCount => Volatile.Read(ref _envCount);

    public bool IsAlive => !_connection.IsFailed;

    public static async Task<Worker> StartAsync(int index, GymBridgeOptions options, SpinGate spinGate, ILogger logger, CancellationToken cancellationToken)
    {
        var process = await WorkerProcess.StartAsync(options, logger, cancellationToken).ConfigureAwait(false);
        var worker = new Worker(index, process, logger, options.RequestTimeout);
        try
        {
            worker.Info = await worker.HelloAsync(cancellationToken).ConfigureAwait(false);
            if (options.SpinPolicy != SpinPolicy.Never)
            {
                await worker.OpenLaneAsync(spinGate, cancellationToken).ConfigureAwait(false);
            }

            LogStarted(logger, index, worker.Info.Pid, worker.Info.Python, worker.Info.Gymnasium);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask<Reply> RequestAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, CancellationToken cancellationToken, TimeSpan? timeout = null, LaneWriter<TState>? writeLane = null)
    {
        Counters.RequestSent();
        return _connection.SendAsync(op, state, writeArgs, timeout ?? RequestTimeout, cancellationToken, writeLane);
    }

    public ValueTask<WorkerCall> BeginAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, CancellationToken cancellationToken)
    {
        Counters.RequestSent();
        return _connection.BeginAsync(op, state, writeArgs, RequestTimeout, cancellationToken);
    }

    public ValueTask<Reply> EndAsync(WorkerCall call, CancellationToken cancellationToken, bool spin = true) =>
        _connection.EndAsync(call, cancellationToken, spin);

    public void EnvAdded() => Interlocked.Increment(ref _envCount);

    public void EnvRemoved()
    {
        if (Interlocked.Decrement(ref _envCount) == 0 && Volatile.Read(ref _retired) == 1)
        {
            _ = ReleaseConnectionAsync();
        }
    }

    public string Describe() => $"worker {Index} ({_process.Describe()})";

    /// <summary>
    /// Asks the worker to exit (<c>shutdown</c>), and if it is still running after <see cref="ShutdownGrace"/> (busy
    /// in an env), interrupts it, and after another grace kills it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var shutdown = _connection.IsFailed ? Task.CompletedTask : ShutdownAsync();
        await _process.StopAsync(ShutdownGrace).ConfigureAwait(false);
        await shutdown.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>
    /// The supervisor has taken this failed worker out of the pool: kills and reaps its process and frees
    /// its pipe. Its failed connection stays while envs still hold this worker, so they go on answering
    /// <see cref="EnvLostException"/>; the last one to be disposed frees it (every user of a worker
    /// counts itself with <see cref="EnvAdded"/>, and none can be added once it is retired).
    /// </summary>
    public async Task RetireAsync()
    {
        _process.Kill();
        try
        {
            await _process.Exited.WaitAsync(ShutdownGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Killed and not reaped yet; disposing below does not wait for it.
        }

        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _envCount) == 0)
        {
            await ReleaseConnectionAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task ShutdownAsync()
    {
        try
        {
            // Its reply may wait as long as the stop takes; a worker that never answers ends with its process.
            using var reply = await WorkerRequests.Shutdown(this, 3 * ShutdownGrace).ConfigureAwait(false);
        }
        catch (Exception error) when (error is GymBridgeException or TimeoutException)
        {
            // Lost with the process, which the stop sees to.
        }
    }

    private async Task<WorkerInfo> HelloAsync(CancellationToken cancellationToken)
    {
        using var reply = await WorkerRequests.Hello(this, cancellationToken).ConfigureAwait(false);
        var reader = reply.CreateResultReader();
        var map = GymValueFormatter.Read(ref reader).AsMap();
        return new WorkerInfo(
            Index, map["worker_pid"].AsInt32(), map["protocol"].AsInt32(), map["python"].AsString(),
            map["gymnasium"].AsString(), map["numpy"].AsString(), map["msgpack"].AsString());
    }

    private async Task ReleaseConnectionAsync()
    {
        if (Interlocked.Exchange(ref _connectionReleased, 1) == 1)
        {
            return;
        }

        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or NotSupportedException)
        {
            // Completing the output flushes it into a pipe whose other end is gone.
            LogReleaseFailed(_logger, Index, error);
        }
    }

    private async Task OpenLaneAsync(SpinGate spinGate, CancellationToken cancellationToken)
    {
        var lane = new WorkerLane();
        try
        {
            using var reply = await WorkerRequests.LaneOpen(this, lane, cancellationToken).ConfigureAwait(false);
            var reader = reply.CreateResultReader();
            var opened = GymValueFormatter.Read(ref reader);
            lane.Opened(opened.Kind == GymValueKind.Map && opened.AsMap().TryGetValue("wake", out var wake) ? wake.AsString() : "pipe");
        }
        catch
        {
            lane.Dispose();
            throw;
        }

        _connection.AttachLane(lane, spinGate);
    }

    private void OnFailed(GymBridgeException reason)
    {
        LogFailed(_logger, Index, reason.Message);
        if (reason is WorkerTimeoutException)
        {
            _process.Kill();
        }

        _lost.TrySetResult(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Index} started: pid {Pid}, Python {Python}, gymnasium {Gymnasium}")]
    private static partial void LogStarted(ILogger logger, int index, int pid, string python, string gymnasium);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker {Index}: releasing the dead worker's connection failed")]
    private static partial void LogReleaseFailed(ILogger logger, int index, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Index} is gone: {Reason}")]
    private static partial void LogFailed(ILogger logger, int index, string reason);
}
