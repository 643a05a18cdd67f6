using System.Diagnostics;

namespace GymBridge.Workers;

/// <summary>
/// A request that has been sent (<see cref="WorkerConnection.BeginAsync"/>) and whose reply is still to be
/// collected (<see cref="WorkerConnection.EndAsync"/>), so that one caller can have requests running on
/// several workers at once. Every begun call must be ended.
/// </summary>
internal readonly struct WorkerCall
{
    private WorkerCall(PendingReply? pipe, short pipeVersion, WorkerLane? lane, uint id, bool spin, string op, TimeSpan timeout)
    {
        Pipe = pipe;
        PipeVersion = pipeVersion;
        Lane = lane;
        Id = id;
        Spin = spin;
        Op = op;
        Timeout = timeout;
        Started = Stopwatch.GetTimestamp();
    }

    public PendingReply? Pipe { get; }

    /// <summary>Which use of the pooled <see cref="Pipe"/> this call is.</summary>
    public short PipeVersion { get; }

    public WorkerLane? Lane { get; }

    public uint Id { get; }

    public bool Spin { get; }

    public string Op { get; }

    public TimeSpan Timeout { get; }

    public long Started { get; }

    /// <summary>Whether <see cref="WorkerConnection.EndAsync"/> would complete without waiting.</summary>
    public bool IsReplyReady => Pipe?.IsCompleted(PipeVersion) ?? Lane!.IsReplyPublished;

    public static WorkerCall OnPipe(PendingReply pending, short version, TimeSpan timeout) => new(pending, version, null, pending.Id, spin: false, pending.Op, timeout);

    public static WorkerCall OnLane(WorkerLane lane, uint id, bool spin, string op, TimeSpan timeout) => new(null, 0, lane, id, spin, op, timeout);
}
