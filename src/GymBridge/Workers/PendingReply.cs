using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.ObjectPool;

namespace GymBridge.Workers;

/// <summary>
/// A request on the wire, waiting for its reply (replies arrive in request order). Pooled: a step on the pipe
/// costs no task source. Two parties hold it, the connection (until the reply or a failure has been delivered)
/// and the waiter (until it has read the result); it goes back to the pool when both have let go, so a reply
/// that comes after its caller cancelled still finds this request, never a later one.
/// </summary>
internal sealed class PendingReply : IValueTaskSource<Reply>, IResettable
{
    private static readonly ObjectPool<PendingReply> Pool = ObjectPool.Create<PendingReply>();

    private ManualResetValueTaskSourceCore<Reply> _core = new() { RunContinuationsAsynchronously = true };
    private int _ended;
    private int _holders;

    public uint Id { get; private set; }

    /// <summary>The request's op, for error messages.</summary>
    public string Op { get; private set; } = string.Empty;

    /// <summary>How long the reply may take (finite: the supervisor validates it).</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp past which the worker is considered hung.</summary>
    public long Deadline { get; private set; }

    /// <summary>The gate that counts this request while the worker has it, if any.</summary>
    public SharedMemory.SpinGate? Gate { get; private set; }

    /// <summary>The version of this use, for <see cref="WaitAsync"/> and <see cref="IsCompleted"/>.</summary>
    public short Version => _core.Version;

    public static PendingReply Rent(uint id, string op, TimeSpan timeout, SharedMemory.SpinGate? gate)
    {
        var pending = Pool.Get();
        pending.Id = id;
        pending.Op = op;
        pending.Timeout = timeout;
        pending.Deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        pending.Gate = gate;
        pending._holders = 2;
        return pending;
    }

    /// <summary>The reply, to be awaited once; the waiter lets go of this request when it reads the result.</summary>
    public ValueTask<Reply> WaitAsync(short version) => new(this, version);

    public bool IsCompleted(short version) => _core.GetStatus(version) != ValueTaskSourceStatus.Pending;

    /// <summary>Delivers the reply, or returns its buffer when the request has already ended otherwise; the connection lets go.</summary>
    public void Complete(Reply reply)
    {
        if (TryEnd())
        {
            _core.SetResult(reply);
        }
        else
        {
            reply.Dispose();
        }

        Release();
    }

    /// <summary>Delivers <paramref name="error"/>; the connection lets go.</summary>
    public void Fail(Exception error)
    {
        if (TryEnd())
        {
            _core.SetException(error);
        }

        Release();
    }

    /// <summary>The caller's cancellation: the request stays on the wire and its reply is dropped when it comes.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        if (TryEnd())
        {
            _core.SetException(new OperationCanceledException(cancellationToken));
        }
    }

    public Reply GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public bool TryReset()
    {
        _core.Reset();
        _ended = 0;
        Gate = null;
        Op = string.Empty;
        return true;
    }

    /// <summary>A third party that may still call <see cref="Cancel"/> (a cancellation registration) holds it too, until <see cref="Release"/>.</summary>
    public void Hold() => Interlocked.Increment(ref _holders);

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            Pool.Return(this);
        }
    }

    private bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;
}
