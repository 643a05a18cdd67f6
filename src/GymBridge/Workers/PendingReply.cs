using System.Diagnostics;

namespace GymBridge.Workers;

/// <summary>A request on the wire, waiting for its reply. Replies arrive in request order.</summary>
internal sealed class PendingReply : TaskCompletionSource<Reply>
{
    private int _ended;

    /// <param name="id">The request id.</param>
    /// <param name="op">The request's op, for error messages.</param>
    /// <param name="timeout">How long the reply may take (finite: the supervisor validates it).</param>
    public PendingReply(uint id, string op, TimeSpan timeout)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        Op = op;
        Timeout = timeout;
        Deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public uint Id { get; }

    public string Op { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp past which the worker is considered hung.</summary>
    public long Deadline { get; }

    /// <summary>The gate that counts this request while the worker has it, if any.</summary>
    public SharedMemory.SpinGate? Gate { get; init; }

    /// <summary>Delivers the reply, or returns its buffer when the request has already ended otherwise.</summary>
    public void Complete(Reply reply)
    {
        if (TryEnd())
        {
            SetResult(reply);
        }
        else
        {
            reply.Dispose();
        }
    }

    public void Fail(Exception error)
    {
        if (TryEnd())
        {
            SetException(error);
        }
    }

    /// <summary>The caller's cancellation: the request stays on the wire and its reply is dropped when it comes.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (TryEnd())
        {
            SetCanceled(cancellationToken);
        }
    }

    private bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}
