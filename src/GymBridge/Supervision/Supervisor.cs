using System.Diagnostics;
using GymBridge.Diagnostics;
using GymBridge.Errors;
using GymBridge.Workers;
using Microsoft.Extensions.Logging;

namespace GymBridge.Supervision;

/// <summary>
/// Keeps the pool's worker slots filled. A watcher per slot waits for its worker to die (pipe EOF,
/// process exit, request timeout), then starts a replacement after a backoff, within the slot's
/// restart intensity; past that the slot stays down. Envs never move: those of a dead worker keep
/// their dead <see cref="Worker"/> and fail with <see cref="EnvLostException"/>, new envs go to
/// running workers, replacements included.
/// </summary>
internal sealed partial class Supervisor : IAsyncDisposable
{
    private readonly WorkerSlot[] _slots;
    private readonly Func<int, CancellationToken, Task<Worker>> _startWorker;
    private readonly ILogger _logger;
    private readonly TimeSpan _restartWindow;
    private readonly int _maxRestarts;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private Task[] _watchers = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _stopped;

    private Supervisor(Worker[] workers, GymBridgeOptions options, Func<int, CancellationToken, Task<Worker>> startWorker, ILogger logger, PoolMetrics metrics)
    {
        _startWorker = startWorker;
        _logger = logger;
        _maxRestarts = options.MaxRestarts;
        _restartWindow = options.RestartWindow;
        var maxDelay = options.MaxRestartDelay > options.RestartDelay ? options.MaxRestartDelay : options.RestartDelay;
        _slots = [.. workers.Select(worker =>
        {
            var slot = new WorkerSlot(worker.Index, new RestartIntensity(options.MaxRestarts, options.RestartWindow, options.RestartDelay, maxDelay), metrics);
            slot.Install(worker, isRestart: false);
            return slot;
        })];
    }

    /// <summary>Raised on a thread-pool thread after every change of a slot's state, except at shutdown.</summary>
    public event Action<WorkerStateChangedEventArgs>? StateChanged;

    /// <summary>Starts every worker; if one fails, stops the others and throws its error.</summary>
    /// <param name="options">Validated here: the worker count and the restart settings.</param>
    /// <param name="startWorker">Starts the worker for a slot index (also used for replacements).</param>
    /// <param name="logger">Receives deaths, restarts and slots that give up.</param>
    /// <param name="metrics">Receives the slots' states and restarts.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<Supervisor> StartAsync(
        GymBridgeOptions options, Func<int, CancellationToken, Task<Worker>> startWorker, ILogger logger, PoolMetrics metrics, CancellationToken cancellationToken)
    {
        Validate(options);
        var starting = Enumerable.Range(0, options.WorkerCount).Select(i => startWorker(i, cancellationToken)).ToArray();
        try
        {
            return new Supervisor(await Task.WhenAll(starting).ConfigureAwait(false), options, startWorker, logger, metrics);
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

    /// <summary>Begins watching the workers; call once, after subscribing to <see cref="StateChanged"/>.</summary>
    public void Watch() => _watchers = [.. _slots.Select(slot => WatchAsync(slot, slot.Worker!))];

    /// <summary>
    /// The running worker with the fewest envs, counting a new env on it at once so concurrent makes
    /// spread out. While no worker runs but one is being restarted, waits for it.
    /// </summary>
    /// <param name="countEnv">Counts the caller as a user of the worker (<see cref="Worker.EnvAdded"/>); it must call <see cref="Worker.EnvRemoved"/> when done.</param>
    /// <param name="cancellationToken">Stops waiting for a restart.</param>
    /// <exception cref="EnvLostException">Every slot has failed for good.</exception>
    /// <exception cref="ObjectDisposedException">The pool is shutting down.</exception>
    public async ValueTask<Worker> ReserveAsync(bool countEnv, CancellationToken cancellationToken)
    {
        while (true)
        {
            var worker = TryReserve(countEnv, out var changed);
            if (worker is not null)
            {
                return worker;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<WorkerInfo> RunningWorkers()
    {
        lock (_lock)
        {
            return [.. _slots.Select(s => s.Worker).OfType<Worker>().Where(w => w.IsAlive).Select(w => w.Info)];
        }
    }

    public PoolStats GetStats()
    {
        lock (_lock)
        {
            var latency = new long[LatencyHistogram.BucketCount];
            var workers = _slots.Select(slot => slot.Snapshot(latency)).ToArray();
            return new PoolStats(
                workers,
                workers.Sum(w => w.Envs),
                LatencyHistogram.Count(latency),
                workers.Sum(w => w.Restarts),
                LatencyHistogram.Percentile(latency, 0.50),
                LatencyHistogram.Percentile(latency, 0.99));
        }
    }

    /// <summary>Stops restarting, then shuts every running worker down; a replacement that was starting is stopped too.</summary>
    public async ValueTask DisposeAsync()
    {
        Worker[] running;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            running = [.. _slots.Select(slot => slot.Stop()).OfType<Worker>()];
            Signal();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running.Select(w => w.DisposeAsync().AsTask()).Concat(_watchers)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void Validate(GymBridgeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1, nameof(options.WorkerCount));
        ValidateTimeout(options.RequestTimeout, nameof(options.RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRestarts, nameof(options.MaxRestarts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RestartWindow, TimeSpan.Zero, nameof(options.RestartWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RestartDelay, TimeSpan.Zero, nameof(options.RestartDelay));
    }

    /// <summary>A request timeout must be finite (a wait would otherwise end at once or never) and fit a timer.</summary>
    internal static void ValidateTimeout(TimeSpan timeout, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromMilliseconds(int.MaxValue), name);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Worker? TryReserve(bool countEnv, out Task changed)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, typeof(EnvPool));
            Worker? best = null;
            var comingBack = false;
            foreach (var slot in _slots)
            {
                if (slot.Worker is { IsAlive: true } worker)
                {
                    if (best is null || worker.EnvCount < best.EnvCount)
                    {
                        best = worker;
                    }
                }
                else if (slot.State != WorkerState.Failed)
                {
                    // Restarting, or dead and about to be noticed by its watcher.
                    comingBack = true;
                }
            }

            changed = _changed.Task;
            if (best is not null)
            {
                if (countEnv)
                {
                    best.EnvAdded();
                }

                return best;
            }

            return comingBack
                ? null
                : throw new EnvLostException(
                    $"Every worker of this pool died more often than its restart limit allows ({_maxRestarts} within {_restartWindow.TotalSeconds:0.#} s) and stays down; start a new pool.");
        }
    }

    /// <summary>Wakes <see cref="ReserveAsync"/> callers waiting for a slot to change. Call under the lock.</summary>
    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private async Task WatchAsync(WorkerSlot slot, Worker worker)
    {
        while (true)
        {
            var reason = await worker.Lost.ConfigureAwait(false);
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }

                slot.Retire(worker);
                slot.State = WorkerState.Restarting;
                slot.LastFailure = reason.Message;
                Signal();
            }

            // Released while the restart is decided, so the slot shows Failed at once when no restart is admitted.
            var released = ReleaseAsync(worker);
            Worker? replacement;
            try
            {
                replacement = await RestartAsync(slot, worker.Info.Pid, reason, released).ConfigureAwait(false);
            }
            finally
            {
                await released.ConfigureAwait(false);
            }

            if (replacement is null)
            {
                return;
            }

            worker = replacement;
        }
    }

    /// <summary>
    /// Starts replacements until one runs (returned), the intensity limit is reached or the pool stops (null);
    /// none starts before <paramref name="released"/>, the dead worker's release, is done.
    /// </summary>
    private async Task<Worker?> RestartAsync(WorkerSlot slot, int? deadPid, Exception reason, Task released)
    {
        while (true)
        {
            bool admitted;
            TimeSpan delay;
            int restarts;
            lock (_lock)
            {
                if (_stopped)
                {
                    return null;
                }

                admitted = slot.Intensity.TryAdmit(Stopwatch.GetElapsedTime(_startedAt), out delay);
                slot.State = admitted ? WorkerState.Restarting : WorkerState.Failed;
                restarts = slot.Restarts;
                Signal();
            }

            if (!admitted)
            {
                LogGaveUp(_logger, slot.Index, _maxRestarts, _restartWindow.TotalSeconds, reason.Message);
                Raise(new WorkerStateChangedEventArgs(slot.Index, WorkerState.Failed, deadPid, reason, restarts));
                return null;
            }

            LogRestarting(_logger, slot.Index, reason.Message, (long)delay.TotalMilliseconds, slot.Intensity.RecentRestarts, _maxRestarts, _restartWindow.TotalSeconds);
            Raise(new WorkerStateChangedEventArgs(slot.Index, WorkerState.Restarting, deadPid, reason, restarts));
            Worker started;
            try
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                await released.ConfigureAwait(false);
                started = await _startWorker(slot.Index, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (_stopping.IsCancellationRequested)
            {
                LogStartAbandoned(_logger, slot.Index, error.Message);
                return null;
            }
            catch (Exception error)
            {
                // Whatever kept the replacement from starting counts against the intensity like a death.
                lock (_lock)
                {
                    slot.LastFailure = error.Message;
                }

                (deadPid, reason) = (null, error);
                continue;
            }

            bool installed;
            lock (_lock)
            {
                installed = !_stopped;
                if (installed)
                {
                    slot.Install(started, isRestart: true);
                    restarts = slot.Restarts;
                    Signal();
                }
            }

            if (!installed)
            {
                // The pool began shutting down while this replacement started: it was never handed out.
                await started.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            LogRestarted(_logger, slot.Index, started.Info.Pid, restarts);
            Raise(new WorkerStateChangedEventArgs(slot.Index, WorkerState.Running, started.Info.Pid, null, restarts));
            return started;
        }
    }

    private async Task ReleaseAsync(Worker dead)
    {
        try
        {
            await dead.RetireAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            LogReleaseFailed(_logger, dead.Index, error);
        }
    }

    private void Raise(WorkerStateChangedEventArgs change)
    {
        try
        {
            StateChanged?.Invoke(change);
        }
        catch (Exception error)
        {
            LogHandlerFailed(_logger, change.Index, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Index} is down ({Reason}); restarting it in {DelayMs} ms (restart {Count} of at most {Limit} within {WindowSeconds} s)")]
    private static partial void LogRestarting(ILogger logger, int index, string reason, long delayMs, int count, int limit, double windowSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Index} restarted as pid {Pid} ({Restarts} restarts so far)")]
    private static partial void LogRestarted(ILogger logger, int index, int pid, int restarts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Index} stays down: more than {Limit} restarts within {WindowSeconds} s would be needed. Last failure: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, int index, int limit, double windowSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker {Index}: the pool stopped while its replacement was starting ({Reason})")]
    private static partial void LogStartAbandoned(ILogger logger, int index, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Index}: cleaning up the dead process failed")]
    private static partial void LogReleaseFailed(ILogger logger, int index, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A WorkerStateChanged handler threw (worker {Index})")]
    private static partial void LogHandlerFailed(ILogger logger, int index, Exception error);
}
