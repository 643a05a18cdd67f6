using System.Buffers;
using System.Diagnostics;
using GymBridge.Errors;
using GymBridge.Protocol.Framing;

namespace GymBridge.Workers;

/// <summary>The fast-lane half of the connection (docs/protocol.md, "Fast lane").</summary>
internal sealed partial class WorkerConnection
{
    /// <summary>How often a caller asleep on the reply futex looks at the connection and its deadline.</summary>
    private static readonly TimeSpan FutexRecheck = TimeSpan.FromMilliseconds(5);

    /// <summary>The frame for "look at the lane"; it gets no reply.</summary>
    private static readonly byte[] WakeFrame = [0x93, 0x00, 0xa4, (byte)'w', (byte)'a', (byte)'k', (byte)'e', 0xc0];

    /// <summary>
    /// Publishes on the lane the caller has entered; false (lane left) if the request does not fit, or if neither
    /// side will spin (<see cref="SpinPolicy.CallerOnly"/> and a caller that may not): then the lane would only
    /// add its wake-up frames to what the pipe costs.
    /// </summary>
    private bool TryBeginOnLane<TState>(WorkerLane lane, string op, TState state, ArgsWriter<TState>? writeArgs, LaneWriter<TState>? writeLane, TimeSpan timeout, out WorkerCall call)
    {
        var gate = _spinGate!;
        var spin = gate.Enter();
        var published = false;
        try
        {
            if (spin || gate.WorkerMaySpin)
            {
                var id = NextId();
                var workerSpin = spin && gate.WorkerMaySpin && lane.ExpectsNextRequestWithin(gate.SpinTime) ? gate.SpinTime : TimeSpan.Zero;
                published = lane.TryPublish(id, op, state, writeArgs, writeLane, workerSpin);
                call = published ? WorkerCall.OnLane(lane, id, spin, op, timeout) : default;
                return published;
            }

            call = default;
            return false;
        }
        finally
        {
            if (!published)
            {
                gate.Leave();
                lane.Exit();
            }
        }
    }

    private async ValueTask<WorkerCall> WakeThenReturnAsync(WorkerCall call, CancellationToken cancellationToken)
    {
        try
        {
            await RingDoorbellAsync(cancellationToken).ConfigureAwait(false);
            return call;
        }
        catch
        {
            Release(call);
            throw;
        }
    }

    private ValueTask<Reply> EndOnLaneAsync(WorkerCall call, bool spin, CancellationToken cancellationToken)
    {
        var lane = call.Lane!;
        if (spin && call.Spin && lane.ShouldSpinForReply() && lane.SpinForReply(_spinGate!.SpinTime))
        {
            try
            {
                if (TryTakeLaneReply(call, out var reply))
                {
                    Release(call);
                    return new ValueTask<Reply>(reply);
                }
            }
            catch
            {
                Release(call);
                throw;
            }
        }

        // A synchronous caller blocks anyway: it sleeps on the reply futex itself, and the worker's wake-up reaches
        // this thread directly instead of the pipe's reader, the thread pool and then this thread.
        return lane.UsesFutex && Sync.MayBlock ? new ValueTask<Reply>(WaitOnLaneBlocking(call, cancellationToken)) : WaitOnLaneAsync(call, cancellationToken);
    }

    private Reply WaitOnLaneBlocking(WorkerCall call, CancellationToken cancellationToken)
    {
        var lane = call.Lane!;
        lane.SetClientWaiting(true, onFutex: true);
        try
        {
            while (true)
            {
                if (TryTakeLaneReply(call, out var reply))
                {
                    return reply;
                }

                ThrowIfFailed();
                cancellationToken.ThrowIfCancellationRequested();
                if (lane.IsReplyPublished)
                {
                    // Published as "on the pipe" (too large for the lane): the read loop signals once it has it.
                    lane.WaitForSignal(FutexRecheck);
                    continue;
                }

                if (Stopwatch.GetElapsedTime(call.Started) > call.Timeout)
                {
                    throw Hung(call.Op, call.Timeout);
                }

                // Timed, so a wake-up lost where the worker's flag read cannot be fenced costs milliseconds, never a hang.
                lane.WaitForReply(FutexRecheck);
            }
        }
        finally
        {
            lane.SetClientWaiting(false);
            Release(call);
        }
    }

    private async ValueTask<Reply> WaitOnLaneAsync(WorkerCall call, CancellationToken cancellationToken)
    {
        // Waking the worker (and being woken by it) races with the other side going to sleep; the
        // short timed waits re-check, so a lost wake-up costs milliseconds, never a hang.
        var recheck = TimeSpan.FromMilliseconds(2);
        var lane = call.Lane!;
        lane.SetClientWaiting(true);
        try
        {
            while (true)
            {
                if (TryTakeLaneReply(call, out var reply))
                {
                    return reply;
                }

                ThrowIfFailed();
                if (Stopwatch.GetElapsedTime(call.Started) > call.Timeout)
                {
                    throw Hung(call.Op, call.Timeout);
                }

                if (!lane.UsesFutex && lane.IsWorkerSleeping)
                {
                    await RingDoorbellAsync(cancellationToken).ConfigureAwait(false);
                }

                await lane.WaitForSignalAsync(recheck, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lane.SetClientWaiting(false);
            Release(call);
        }
    }

    private void Release(WorkerCall call)
    {
        _spinGate!.Leave();
        call.Lane!.Exit();
    }

    /// <summary>The published reply, parsed; false while it has not fully arrived. A malformed one fails the connection.</summary>
    private bool TryTakeLaneReply(WorkerCall call, out Reply reply)
    {
        bool taken;
        byte[] buffer;
        int length;
        bool isLaneStep;
        try
        {
            taken = call.Lane!.TryTakeReply(out buffer, out length, out isLaneStep);
        }
        catch (GymBridgeException error)
        {
            throw Fail(new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()}: {error.Message}"));
        }

        reply = taken ? ParseLaneReply(call.Id, buffer, length, isLaneStep) : default;
        return taken;
    }

    private Reply ParseLaneReply(uint id, byte[] buffer, int length, bool isLaneStep)
    {
        if (isLaneStep)
        {
            var stepId = LaneStep.ReplyId(buffer.AsSpan(0, length));
            if (stepId != id)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw Fail(new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} answered {stepId} on its lane, expected {id}."));
            }

            return new Reply(buffer, 0, length, isLaneStep: true);
        }

        var (replyId, reply, error) = ParseReply(buffer, length);
        if (replyId != id && replyId != 0)
        {
            reply?.Dispose();
            throw Fail(new GymBridgeException(GymErrorKind.Protocol, $"{_describePeer()} answered {replyId} on its lane, expected {id}."));
        }

        return reply ?? throw error!;
    }

    private async ValueTask RingDoorbellAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFailed();
            FrameFormat.WriteFrame(_pipe.Output, WakeFrame);
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
    }
}
