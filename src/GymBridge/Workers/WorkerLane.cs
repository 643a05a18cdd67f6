using System.Buffers;
using System.Diagnostics;
using GymBridge.Errors;
using MessagePack;
using GymBridge.SharedMemory;

namespace GymBridge.Workers;

/// <summary>
/// This side of a worker's fast lane (docs/protocol.md, "Fast lane"; python_worker/gymbridge_worker/lane.py):
/// one request at a time travels through shared memory, and each side spins on the other's sequence
/// number before sleeping. Where futexes work (<see cref="Futex.IsSupported"/>) each side sleeps on a lane word
/// and the other wakes it there; elsewhere the pipe carries the wake-ups.
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
    private const int RequestKind = 264;
    private const int ReplyLength = 320;
    private const int ReplyKind = 324;
    private const int Doorbell = 384;
    private const int RequestArea = 512;
    private const int ReplyArea = RequestArea + RequestCapacity;

    /// <summary>The reply area's size: the largest reply (or lane step observation) the lane carries.</summary>
    public const int ReplyCapacity = (int)(Size - ReplyArea);

    /// <summary><c>client_waiting</c>: not waiting (spinning), blocked until a <c>lane_ready</c> frame, blocked on the reply futex.</summary>
    private const uint NotWaiting = 0, WaitingOnPipe = 1, WaitingOnFutex = 2;

    /// <summary><c>request_kind</c> and <c>reply_kind</c>: a MessagePack frame payload, or a lane step's fixed layout.</summary>
    private const uint MessagePackKind = 0, LaneStepKind = 1;

    private readonly SharedRegion _region = SharedRegion.Create("lane", Size);
    private readonly ArrayBufferWriter<byte> _request = new(256);
    private readonly SemaphoreSlim _signal = new(0);
    private const int FailuresBeforeBackoff = 8;

    /// <summary>A pause in a spin this long means the spinning thread lost its core (python_worker's lane spin uses the same).</summary>
    private static readonly TimeSpan Preempted = TimeSpan.FromMicroseconds(50);
    private static readonly long PreemptedTicks = (long)(Preempted.TotalSeconds * Stopwatch.Frequency);
    private const int RequestsBetweenProbes = 64;

    private const double ThinkWeight = 1.0 / 4;
    private const double LongestThinkCounted = 1000; // µs: only "longer than the spin" matters, and an idle minute must not take ages to forget

    private volatile bool _disposed;
    private int _busy;
    private int _spinFailures;
    private int _requestsWithoutSpin;
    private long _replyTaken;
    private double _thinkMicroseconds;
    private uint _seq;
    private byte[]? _pipeReply;
    private int _pipeReplyLength;

    public string Address => _region.Address;

    /// <summary>Whether both sides sleep on lane futexes: what the worker answered to <c>lane_open</c> (see <see cref="Opened"/>).</summary>
    public bool UsesFutex { get; private set; }

    public bool IsWorkerSleeping => Volatile.Read(ref _region.UInt32At(WorkerSleeping)) == 1;

    /// <summary>
    /// Whether the caller's next request usually comes within <paramref name="spinTime"/> of a reply, so a
    /// worker spinning for it would catch it; otherwise the worker would only burn a core the caller needs
    /// (a REST host between requests, a learner between steps). The measure does not depend on whether
    /// the worker spun, so it cannot lock itself in.
    /// </summary>
    public bool ExpectsNextRequestWithin(TimeSpan spinTime) => _thinkMicroseconds < spinTime.TotalMicroseconds;

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

    /// <summary>
    /// Writes a request, in <paramref name="writeLane"/>'s fixed layout when it takes it, else as MessagePack, and
    /// publishes it; false (nothing published) if it does not fit the lane. Then wake the worker (<see cref="WakeWorker"/>).
    /// </summary>
    public bool TryPublish<TState>(uint id, string op, TState state, ArgsWriter<TState>? writeArgs, LaneWriter<TState>? writeLane, TimeSpan workerSpin)
    {
        var kind = MessagePackKind;
        var length = writeLane?.Invoke(_region.Span(RequestArea, RequestCapacity), id, state) ?? -1;
        if (length >= 0)
        {
            kind = LaneStepKind;
        }
        else
        {
            _request.ResetWrittenCount();
            WorkerConnection.WriteRequest(_request, id, op, state, writeArgs);
            var payload = _request.WrittenSpan;
            if (payload.Length > RequestCapacity)
            {
                return false;
            }

            payload.CopyTo(_region.Span(RequestArea, payload.Length));
            length = payload.Length;
        }

        if (_replyTaken != 0)
        {
            var think = Math.Min(Stopwatch.GetElapsedTime(_replyTaken).TotalMicroseconds, LongestThinkCounted);
            _thinkMicroseconds += ThinkWeight * (think - _thinkMicroseconds);
        }

        _region.UInt32At(RequestLength) = (uint)length;
        _region.UInt32At(RequestKind) = kind;
        _region.UInt32At(SpinMicroseconds) = (uint)workerSpin.TotalMicroseconds;
        Volatile.Write(ref _region.UInt32At(RequestSeq), ++_seq);
        return true;
    }

    /// <summary>
    /// After publishing a request on the lane or writing a frame to the pipe: with futexes, rings the doorbell the worker
    /// sleeps on and returns false; otherwise returns whether the worker sleeps on its pipe and needs a wake frame.
    /// </summary>
    public bool WakeWorker()
    {
        if (_disposed)
        {
            return false;
        }

        if (!UsesFutex)
        {
            Interlocked.MemoryBarrier(); // the sleeping flag must be read after the request is visible
            return IsWorkerSleeping;
        }

        // The increment is a full barrier and always happens, so a worker that read the doorbell before going to
        // sleep finds it changed even if it raised its flag after this read it (its futex wait compares in the kernel).
        Interlocked.Increment(ref _region.UInt32At(Doorbell));
        if (IsWorkerSleeping)
        {
            Futex.WakeAll(ref _region.UInt32At(Doorbell));
        }

        return false;
    }

    /// <summary>
    /// Spins, yielding, until the reply is published, <paramref name="budget"/> has passed, or a yield gave the core away
    /// for longer than <see cref="Preempted"/>: then other threads want the cores, and the worker this spin waits for
    /// may be one of those waiting, so spinning on would only delay it.
    /// </summary>
    public bool SpinForReply(TimeSpan budget)
    {
        var start = Stopwatch.GetTimestamp();
        var last = start;
        var budgetTicks = (long)(budget.TotalSeconds * Stopwatch.Frequency);
        var spinner = default(SpinWait);
        while (!IsReplyPublished)
        {
            var now = Stopwatch.GetTimestamp();
            if (now - start > budgetTicks || now - last > PreemptedTicks)
            {
                if (++_spinFailures >= FailuresBeforeBackoff)
                {
                    _spinFailures = 0;
                    _requestsWithoutSpin = RequestsBetweenProbes;
                }

                return false;
            }

            last = now;
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _spinFailures = 0;
        return true;
    }

    /// <summary>Tells the worker how to wake this side once the reply is published: not at all (spinning), or through the pipe, or the reply futex.</summary>
    public void SetClientWaiting(bool waiting, bool onFutex = false)
    {
        Volatile.Write(ref _region.UInt32At(ClientWaiting), !waiting ? NotWaiting : onFutex ? WaitingOnFutex : WaitingOnPipe);
        Interlocked.MemoryBarrier(); // the reply sequence must be read after the flag is visible
    }

    /// <summary>Blocks this thread on the reply futex until the reply is published, <see cref="Interrupt"/> is called, or <paramref name="timeout"/> passes.</summary>
    public void WaitForReply(TimeSpan timeout)
    {
        var published = Volatile.Read(ref _region.UInt32At(ReplySeq));
        if (published != _seq)
        {
            Futex.WaitWhile(ref _region.UInt32At(ReplySeq), published, timeout);
        }
    }

    /// <summary>The connection failed: wakes whoever waits for a reply, through the signal and the reply futex.</summary>
    public void Interrupt()
    {
        Signal();
        if (UsesFutex && !_disposed)
        {
            Futex.WakeAll(ref _region.UInt32At(ReplySeq));
        }
    }

    public Task<bool> WaitForSignalAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// The published reply's bytes, copied into a rented buffer, and whether they are a lane step's fixed layout rather
    /// than MessagePack; false while it has not fully arrived.
    /// </summary>
    public bool TryTakeReply(out byte[] buffer, out int length, out bool isLaneStep)
    {
        buffer = [];
        length = 0;
        isLaneStep = false;
        if (!IsReplyPublished)
        {
            return false;
        }

        isLaneStep = _region.UInt32At(ReplyKind) == LaneStepKind;
        var published = (int)Volatile.Read(ref _region.UInt32At(ReplyLength));
        if (published > ReplyCapacity)
        {
            throw new GymBridgeException(GymErrorKind.Protocol, $"The worker published a {published}-byte reply on a {ReplyCapacity}-byte lane.");
        }

        if (published == 0 && !isLaneStep)
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
            _replyTaken = Stopwatch.GetTimestamp();
            return true;
        }

        buffer = ArrayPool<byte>.Shared.Rent(published);
        _region.Span(ReplyArea, published).CopyTo(buffer);
        length = published;
        DrainSignals();
        _replyTaken = Stopwatch.GetTimestamp();
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

    /// <summary>
    /// Unmaps the lane once no caller holds it: a caller woken by <see cref="Interrupt"/> is still on its way out
    /// through the mapping, and must not find it gone (at most a second is waited for one that does not leave).
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        var started = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!TryEnter() && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
        {
            spinner.SpinOnce();
        }

        _region.Dispose();
        _signal.Dispose();
    }

    /// <summary>Called once the worker has mapped the lane, with the wake mechanism it answered.</summary>
    public void Opened(string wake)
    {
        _region.Unlink();
        UsesFutex = wake == "futex" && Futex.IsSupported;
    }

    /// <summary>Waits for <see cref="Signal"/> on this thread (a reply that came on the pipe, or the connection's end).</summary>
    public void WaitForSignal(TimeSpan timeout) => _signal.Wait(timeout);

    private void DrainSignals()
    {
        while (_signal.CurrentCount > 0 && _signal.Wait(0))
        {
        }
    }
}
