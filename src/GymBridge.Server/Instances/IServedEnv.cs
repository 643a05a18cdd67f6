namespace GymBridge.Server.Instances;

/// <summary>What the host keeps of every env it serves, single or vector: the part <see cref="Registry{T}"/> and <see cref="Lease"/> need.</summary>
public interface IServedEnv : IAsyncDisposable
{
    string InstanceId { get; }

    string EnvId { get; }

    /// <summary>Who made it (the client's remote address), for the per-client limit.</summary>
    string Owner { get; }

    /// <summary>How many envs it counts against the limits (a vector env: its number of sub-envs).</summary>
    int Slots { get; }

    DateTimeOffset CreatedAt { get; }

    /// <summary>Serializes the calls on the env (neither a RemoteEnv nor a VectorEnv is thread-safe).</summary>
    SemaphoreSlim Gate { get; }

    bool IsClosed { get; }

    /// <summary>Set once a worker hosting it died: later requests get 410.</summary>
    bool IsLost { get; }

    TimeSpan IdleFor { get; }

    void Touch();

    void MarkLost();

    /// <summary>True the first time only: the env stops counting against the limits (closed, evicted or lost).</summary>
    bool TryReleaseSlots();
}
