using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using GymBridge.Errors;
using GymBridge.Protocol;
using GymBridge.Protocol.Framing;
using GymBridge.Protocol.MessagePack;

namespace GymBridge.Workers;

/// <summary>
/// Requests and replies over one worker's pipe (any <see cref="IDuplexPipe"/>: a named pipe, or an
/// in-memory pipe in tests). Many callers may send at once; the worker answers in order, so replies
/// are matched to a FIFO of pending requests.
/// </summary>
internal sealed class WorkerConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _pipe;
    private readonly Func<string> _describePeer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _request = new(256);
    private readonly ConcurrentQueue<PendingReply> _pending = new();
    private readonly Task _readLoop;
    private uint _lastId;
    private volatile GymBridgeException? _failure;

    /// <param name="pipe">The transport.</param>
    /// <param name="describePeer">Names the worker in error messages ("worker 2 (pid 1234)"), asked when a failure happens.</param>
    public WorkerConnection(IDuplexPipe pipe, Func<string> describePeer)
    {
        _pipe = pipe;
        _describePeer = describePeer;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Raised once when the connection ends: the pipe closed, a frame was malformed, or <see cref="Fail"/> was called.</summary>
    public event Action<GymBridgeException>? Failed;

    public bool IsFailed => _failure is not null;

    public Task Completion => _readLoop;

    public int PendingCount => _pending.Count;

    public async ValueTask<Reply> SendAsync<TState>(string op, TState state, ArgsWriter<TState>? writeArgs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PendingReply pending;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            pending = new PendingReply(++_lastId == 0 ? ++_lastId : _lastId, op);
            WriteRequest(pending.Id, op, state, writeArgs);
            _pending.Enqueue(pending);
            await _pipe.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
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

        try
        {
            return await pending.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            pending.Abandon();
            var hung = new WorkerTimeoutException($"{_describePeer()} did not answer '{op}' within {timeout.TotalSeconds:0.###} s; it is treated as hung and stopped.");
            Fail(hung);
            throw hung;
        }
        catch (OperationCanceledException)
        {
            pending.Abandon();
            throw;
        }
    }

    /// <summary>Ends the connection: every request in flight and every later one fails with <paramref name="reason"/>.</summary>
    public GymBridgeException Fail(GymBridgeException reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            FailPending(reason);
            _pipe.Input.CancelPendingRead();
            Failed?.Invoke(reason);
        }

        return _failure!;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new EnvLostException($"{_describePeer()} was shut down."));
        await _pipe.Output.CompleteAsync().ConfigureAwait(false);
        await _readLoop.ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private void WriteRequest<TState>(uint id, string op, TState state, ArgsWriter<TState>? writeArgs)
    {
        _request.ResetWrittenCount();
        var writer = new MessagePackWriter(_request);
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
        FrameFormat.WriteFrame(_pipe.Output, _request.WrittenSpan);
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

    private void FailPending(GymBridgeException reason)
    {
        while (_pending.TryDequeue(out var pending))
        {
            pending.TrySetException(reason is EnvLostException ? reason : new EnvLostException(reason.Message, reason));
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
        catch (Exception error) when (error is GymBridgeException or MessagePackSerializationException or IOException)
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
        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        payload.CopyTo(buffer);
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(buffer, 0, length));
        uint id;
        bool ok;
        try
        {
            if (reader.ReadArrayHeader() != 3)
            {
                throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent a reply that is not [id, ok, result].");
            }

            id = reader.ReadUInt32();
            ok = reader.ReadBoolean();
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (!_pending.TryDequeue(out var pending))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} sent reply {id} but no request is waiting.");
        }

        // Id 0 answers a frame the worker could not decode, which is always the oldest one waiting.
        if (id != pending.Id && id != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            pending.TrySetException(new GymBridgeException(GymErrorKind.Protocol, $"Reply {id} arrived while {pending.Id} was expected."));
            throw new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} answered out of order (reply {id}, expected {pending.Id}).");
        }

        if (ok)
        {
            pending.Complete(new Reply(buffer, (int)reader.Consumed, length));
            return;
        }

        try
        {
            pending.TrySetException(ReadError(ref reader));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
