namespace GymBridge.Workers;

/// <summary>A request on the wire, waiting for its reply. Replies arrive in request order.</summary>
internal sealed class PendingReply(uint id, string op) : TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    private const int Waiting = 0, Abandoned = 1, Delivered = 2;
    private int _state;

    public uint Id => id;

    public string Op => op;

    /// <summary>The caller stopped waiting (timeout, cancellation): whoever comes second returns the reply's buffer.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Delivered)
        {
            Task.Result.Dispose();
        }
    }

    public void Complete(Reply reply)
    {
        if (Interlocked.CompareExchange(ref _state, Delivered, Waiting) == Waiting)
        {
            TrySetResult(reply);
        }
        else
        {
            reply.Dispose();
        }
    }
}
