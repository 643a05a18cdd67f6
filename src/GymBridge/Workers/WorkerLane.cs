using System.Buffers;
using System.Diagnostics;
using GymBridge.Protocol.MessagePack;
using GymBridge.SharedMemory;

namespace GymBridge.Workers;

/// <summary>
/// This side of a worker's fast lane (docs/protocol.md, "Fast lane"; python_worker/gymbridge_worker/lane.py):
/// one request at a time travels through shared memory, and each side spins on the other's sequence
/// number before falling back to a wake-up through the pipe.
/// </summary>
internal sealed class WorkerLane : IDisposable
{
    public const int RequestCapacity = 64 * 1024;
    public const long Size = 4L << 20;

    private const int RequestSeq = 0;
    private const int ReplySeq = 64;
    private const int WorkerSleeping = 128;
    private const int ClientWaiting = 192;
    private const int RequestLength = 256;
    private const int SpinMicroseconds = 260;
    private const int ReplyLength = 320;
    private const int RequestArea = 384;
    private const int ReplyArea = RequestArea + RequestCapacity;

    private readonly SharedRegion _region = SharedRegion.Create("lane", Size);
    private readonly ArrayBufferWriter<byte> _request = new(256);
    private readonly SemaphoreSlim _signal = new(0);
    private const int FailuresBeforeBackoff = 8;
    private const int RequestsBetweenProbes = 64;

    private int _busy;
    private int _spinFailures;
    private int _requestsWithoutSpin;
    private uint _seq;
    private byte[]? _pipeReply;
    private int _pipeReplyLength;

    public string Address => _region.Address;

    public bool IsWorkerSleeping => Volatile.Read(ref _region.UInt32At(WorkerSleeping)) == 1;

    /// <summary>
    /// False for a while after spins keep missing the reply (an env slower than the spin time), so a slow
    /// env costs no spinning CPU; every so often one request probes again.
    /// </summary>
    public bool ShouldSpinForReply()
    {
        if (_requestsWithoutSpin == 0)
        {
            return true;
        }

        _requestsWithoutSpin--;
        return false;
    }

    public bool IsReplyPublished => Volatile.Read(ref _region.UInt32At(ReplySeq)) == _seq;

    /// <summary>Takes the lane for one request; false if another caller has it (that caller uses the pipe).</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>Encodes a request and publishes it; false (nothing published) if it does not fit the lane.</summary>
    public bool TryPublish<TState>(uint id, string op, TState state, ArgsWriter<TState>? writeArgs, TimeSpan workerSpin)
    {
        _request.ResetWrittenCount();
        WorkerConnection.WriteRequest(_request, id, op, state, writeArgs);
        var payload = _request.WrittenSpan;
        if (payload.Length > RequestCapacity)
        {
            return false;
        }

        payload.CopyTo(_region.Span(RequestArea, payload.Length));
        _region.UInt32At(RequestLength) = (uint)payload.Length;
        _region.UInt32At(SpinMicroseconds) = (uint)workerSpin.TotalMicroseconds;
        Volatile.Write(ref _region.UInt32At(RequestSeq), ++_seq);
        Interlocked.MemoryBarrier(); // the sleeping flag must be read after the request is visible
        return true;
    }

    /// <summary>Spins until the reply is published or <paramref name="budget"/> has passed.</summary>
    public bool SpinForReply(TimeSpan budget)
    {
        var start = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!IsReplyPublished)
        {
            if (Stopwatch.GetElapsedTime(start) > budget)
            {
                if (++_spinFailures >= FailuresBeforeBackoff)
                {
                    _spinFailures = 0;
                    _requestsWithoutSpin = RequestsBetweenProbes;
                }

                return false;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _spinFailures = 0;
        return true;
    }

    public void SetClientWaiting(bool waiting)
    {
        Volatile.Write(ref _region.UInt32At(ClientWaiting), waiting ? 1u : 0u);
        Interlocked.MemoryBarrier(); // the reply sequence must be read after the flag is visible
    }

    public Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>The published reply's bytes, copied into a rented buffer; false while it has not fully arrived.</summary>
    public bool TryTakeReply(out byte[] buffer, out int length)
    {
        buffer = [];
        length = 0;
        if (!IsReplyPublished)
        {
            return false;
        }

        var published = (int)Volatile.Read(ref _region.UInt32At(ReplyLength));
        if (published == 0)
        {
            // Too large for the lane: the worker sent it on the pipe before publishing.
            var stashed = Interlocked.Exchange(ref _pipeReply, null);
            if (stashed is null)
            {
                return false;
            }

            buffer = stashed;
            length = _pipeReplyLength;
            DrainSignals();
            return true;
        }

        buffer = ArrayPool<byte>.Shared.Rent(published);
        _region.Span(ReplyArea, published).CopyTo(buffer);
        length = published;
        DrainSignals();
        return true;
    }

    /// <summary>The worker said a reply is ready (the caller was blocked), or the connection ended.</summary>
    public void Signal() => _signal.Release();

    public void OnPipeReply(ReadOnlySequence<byte> reply)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)reply.Length);
        reply.CopyTo(buffer);
        _pipeReplyLength = (int)reply.Length;
        Volatile.Write(ref _pipeReply, buffer);
        Signal();
    }

    public void Dispose()
    {
        _region.Dispose();
        _signal.Dispose();
    }

    /// <summary>Called once the worker has mapped the lane.</summary>
    public void Unlink() => _region.Unlink();

    private void DrainSignals()
    {
        while (_signal.CurrentCount > 0 && _signal.Wait(0))
        {
        }
    }
}
