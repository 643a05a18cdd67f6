using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using GymBridge.Errors;
using GymBridge.Protocol;
using GymBridge.Protocol.Framing;
using MessagePack;
using GymBridge.SharedMemory;

namespace GymBridge.Workers;

/// <summary>
/// Requests and replies over one worker's pipe (any <see cref="IDuplexPipe"/>: a named pipe, or an
/// in-memory pipe in tests). Many callers may send at once; the worker answers in order, so replies
/// are matched to a FIFO of pending requests. With a <see cref="WorkerLane"/> attached, one request
/// at a time goes through shared memory instead, and the pipe only carries wake-ups. Pipe requests have no
/// timer each: a heartbeat looks for overdue ones, as Kestrel's does for its connections.
/// </summary>
internal sealed partial class WorkerConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _pipe;
    private readonly Func<string> _describePeer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _request = new(256);
    private readonly ConcurrentQueue<PendingReply> _pending = new();
    private readonly Task _readLoop;
    private readonly Timer _heartbeat;

    /// <summary>How often pipe requests are checked against their deadlines: a hung worker is found at most this late.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(50);
    private WorkerLane? _lane;
    private SpinGate? _spinGate;
    private int _lastId;
    private volatile GymBridgeException? _failure;

    /// <param name="pipe">The transport.</param>
    /// <param name="describePeer">Names the worker in error messages ("worker 2 (pid 1234)"), asked when a failure happens.</param>
    public WorkerConnection(IDuplexPipe pipe, Func<string> describePeer)
    {
        _pipe = pipe;
        _describePeer = describePeer;
        _readLoop = Task.Run(ReadLoopAsync);
        _heartbeat = new Timer(static state => ((WorkerConnection)state!).FailOverdue(), this, HeartbeatInterval, HeartbeatInterval);
    }


    /// <summary>Raised once when the connection ends: the pipe closed, a frame was malformed, or <see cref="Fail"/> was called.</summary>
    public event Action<GymBridgeException>? Failed;

    public bool IsFailed => _failure is not null;

    /// <summary>From now on, requests use <paramref name="lane"/> when it is free.</summary>
    public void AttachLane(WorkerLane lane, SpinGate spinGate)
    {
        _spinGate = spinGate;
        _lane = lane;
    }

    /// <summary>Sends a request and waits for its reply.</summary>
    public ValueTask<Reply> SendAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, TimeSpan timeout, CancellationToken cancellationToken, LaneWriter<TState>? writeLane = null)
    {
        var begun = BeginAsync(op, state, writeArgs, timeout, cancellationToken, writeLane);
        return begun.IsCompletedSuccessfully ? EndAsync(begun.Result, cancellationToken) : EndWhenBegunAsync(begun, cancellationToken);
    }

    /// <summary>
    /// Sends a request through the lane when it is free (in <paramref name="writeLane"/>'s fixed layout when it takes it),
    /// else the pipe; collect the reply with <see cref="EndAsync"/>.
    /// </summary>
    public ValueTask<WorkerCall> BeginAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, TimeSpan timeout, CancellationToken cancellationToken, LaneWriter<TState>? writeLane = null)
    {
        ThrowIfFailed();
        if (_lane is { } lane && lane.TryEnter())
        {
            if (TryBeginOnLane(lane, op, state, writeArgs, writeLane, timeout, out var call))
            {
                return lane.WakeWorker() ? WakeThenReturnAsync(call, cancellationToken) : new ValueTask<WorkerCall>(call);
            }
        }

        return BeginOnPipeAsync(op, state, writeArgs, timeout, cancellationToken);
    }

    /// <summary>Collects a begun call's reply; <paramref name="spin"/> false waits without spinning even where the call could.</summary>
    public ValueTask<Reply> EndAsync(WorkerCall call, CancellationToken cancellationToken, bool spin = true) =>
        call.Pipe is { } pending ? WaitOnPipeAsync(pending, call.PipeVersion, cancellationToken) : EndOnLaneAsync(call, spin, cancellationToken);

    private async ValueTask<Reply> EndWhenBegunAsync(ValueTask<WorkerCall> begun, CancellationToken cancellationToken) =>
        await EndAsync(await begun.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async ValueTask<WorkerCall> BeginOnPipeAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PendingReply pending;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            pending = PendingReply.Rent(NextId(), op, timeout, _spinGate);
            _request.ResetWrittenCount();
            WriteRequest(_request, pending.Id, op, state, writeArgs);
            FrameFormat.WriteFrame(_pipe.Output, _request.WrittenSpan);
            pending.Gate?.EnterPipe();
            _pending.Enqueue(pending);
            await _pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

            // A worker asleep on its lane's futex reads its pipe only once woken there.
            if (_lane is { UsesFutex: true } lane)
            {
                lane.WakeWorker();
            }
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
            throw Fail(new EnvLostException($"{_describePeer()} cannot be written to: {error.Message}", error));
        }
        finally
        {
            _writeLock.Release();
        }

        if (_failure is { } failure)
        {
            FailPending(failure);
        }

        return WorkerCall.OnPipe(pending, pending.Version, timeout);
    }

    private static ValueTask<Reply> WaitOnPipeAsync(PendingReply pending, short version, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled && !pending.IsCompleted(version)
            ? WaitCancellableAsync(pending, version, cancellationToken)
            : pending.WaitAsync(version);

    private static async ValueTask<Reply> WaitCancellableAsync(PendingReply pending, short version, CancellationToken cancellationToken)
    {
        // The registration holds the request too: it must not cancel a later call that reuses the pooled object.
        pending.Hold();
        try
        {
            using (cancellationToken.UnsafeRegister(static (state, token) => ((PendingReply)state!).Cancel(token), pending))
            {
                return await pending.WaitAsync(version).ConfigureAwait(false);
            }
        }
        finally
        {
            pending.Release();
        }
    }

    /// <summary>The heartbeat: a pipe request past its deadline means the worker hung; its caller gets the timeout, everyone else loses the worker.</summary>
    private void FailOverdue()
    {
        if (_failure is not null)
        {
            _heartbeat.Dispose();
            return;
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var pending in _pending)
        {
            if (now > pending.Deadline)
            {
                Hung(pending.Op, pending.Timeout, pending.Id);
                return;
            }
        }
    }

    /// <summary>Fails the connection as hung; the caller who waited too long (request <paramref name="overdueId"/> on the pipe) gets the timeout itself.</summary>
    private WorkerTimeoutException Hung(string op, TimeSpan timeout, uint? overdueId = null)
    {
        var hung = new WorkerTimeoutException($"{_describePeer()} did not answer '{op}' within {timeout.TotalSeconds:0.###} s; it is treated as hung and stopped.");
        Fail(hung, overdueId);
        return hung;
    }

    private uint NextId()
    {
        var id = (uint)Interlocked.Increment(ref _lastId);
        return id == 0 ? (uint)Interlocked.Increment(ref _lastId) : id;
    }

    /// <summary>
    /// Ends the connection: every request in flight and every later one fails with <paramref name="reason"/>
    /// (request <paramref name="culpritId"/>, the one that revealed the failure, with it as is; the others as env lost).
    /// <see cref="Failed"/> is raised first, so whoever sees a failed request also finds the connection failed.
    /// Requests are named by id, not held: one that has ended may already serve another call.
    /// </summary>
    public GymBridgeException Fail(GymBridgeException reason, uint? culpritId = null)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            Failed?.Invoke(reason);
            FailPending(reason, culpritId);
            _lane?.Interrupt();
            _pipe.Input.CancelPendingRead();
        }

        return _failure!;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new EnvLostException($"{_describePeer()} was shut down."));
        try
        {
            // Completing flushes what is buffered, which throws when the worker is already gone.
            await _pipe.Output.CompleteAsync().ConfigureAwait(false);
            await _readLoop.ConfigureAwait(false);
        }
        finally
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);

            // A pipe request still writing rings the lane's doorbell under the write lock: let it finish first.
            await _writeLock.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            _lane?.Dispose();
            _writeLock.Dispose();
        }
    }

    internal static void WriteRequest<TState>(IBufferWriter<byte> output, uint id, string op, TState state, ArgsWriter<TState>? writeArgs)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.Write(id);
        writer.Write(op);
        if (writeArgs is null)
        {
            writer.WriteNil();
        }
        else
        {
            writeArgs(ref writer, state);
        }

        writer.Flush();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw failure is WorkerTimeoutException
                ? new EnvLostException($"{_describePeer()} was stopped after a timeout; its envs are lost.", failure)
                : new EnvLostException(failure.Message, failure);
        }
    }

    private void FailPending(GymBridgeException reason, uint? culpritId = null)
    {
        var lost = reason as EnvLostException ?? new EnvLostException(reason.Message, reason);
        while (_pending.TryDequeue(out var pending))
        {
            pending.Gate?.LeavePipe();
            pending.Fail(pending.Id == culpritId ? reason : lost);
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _pipe.Input;
        try
        {
            while (_failure is null)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameFormat.TryReadFrame(ref buffer, out var payload))
                    {
                        Dispatch(payload);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            Fail(new EnvLostException($"{_describePeer()} closed its pipe."));
        }
        catch (Exception error) when (error is GymBridgeException or MessagePackSerializationException or IOException or OverflowException)
        {
            Fail(error as GymBridgeException
                ?? new EnvLostException($"{_describePeer()} sent a malformed reply or its pipe broke: {error.Message}", error));
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(ReadOnlySequence<byte> payload)
    {
        if (TryHandleNotification(payload))
        {
            return;
        }

        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        payload.CopyTo(buffer);
        var (id, reply, error) = ParseReply(buffer, length);
        if (!_pending.TryDequeue(out var pending))
        {
            reply?.Dispose();
            throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent reply {id} but no request is waiting.");
        }

        pending.Gate?.LeavePipe();

        // Id 0 answers a frame the worker could not decode, which is always the oldest one waiting.
        if (id != pending.Id && id != 0)
        {
            reply?.Dispose();
            var outOfOrder = new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} answered out of order (reply {id}, expected {pending.Id}).");
            var failure = Fail(outOfOrder);
            pending.Fail(outOfOrder);
            throw failure;
        }

        if (reply is { } ok)
        {
            pending.Complete(ok);
        }
        else
        {
            pending.Fail(error!);
        }
    }

    /// <summary>Frames that answer no pipe request: <c>["lane_ready"]</c> and <c>["lane_reply", bytes]</c>.</summary>
    private bool TryHandleNotification(ReadOnlySequence<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var count = reader.ReadArrayHeader();
        if (count == 3)
        {
            return false;
        }

        var lane = _lane ?? throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent a lane notification but has no lane.");
        switch (reader.ReadString())
        {
            case "lane_ready" when count == 1:
                lane.Signal();
                return true;
            case "lane_reply" when count == 2:
                lane.OnPipeReply(reader.ReadBytes() ?? default);
                return true;
            case var other:
                throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent an unknown frame ({count} items, '{other}').");
        }
    }

    /// <summary>Reads <c>[id, ok, result]</c> from a rented buffer: a <see cref="Reply"/> owning the buffer, or the error it carries (buffer returned).</summary>
    private (uint Id, Reply? Reply, GymBridgeException? Error) ParseReply(byte[] buffer, int length)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(buffer, 0, length));
        try
        {
            if (reader.ReadArrayHeader() != 3)
            {
                throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent a reply that is not [id, ok, result].");
            }

            var id = reader.ReadUInt32();
            if (reader.ReadBoolean())
            {
                return (id, new Reply(buffer, (int)reader.Consumed, length), null);
            }

            var error = ReadError(ref reader);
            ArrayPool<byte>.Shared.Return(buffer);
            return (id, null, error);
        }
        catch (MessagePackSerializationException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        catch (GymBridgeException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static GymBridgeException ReadError(ref MessagePackReader reader)
    {
        string kind = "protocol", message = "(no message)";
        string? traceback = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            switch (reader.ReadString())
            {
                case "kind": kind = reader.ReadString() ?? kind; break;
                case "message": message = reader.ReadString() ?? message; break;
                case "traceback": traceback = reader.ReadString(); break;
                default: reader.Skip(); break;
            }
        }

        return GymBridgeException.FromWire(kind, message, traceback);
    }
}
