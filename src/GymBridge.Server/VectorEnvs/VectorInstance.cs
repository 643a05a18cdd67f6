using GymBridge.Server.Instances;
using GymBridge.Vector;

namespace GymBridge.Server.VectorEnvs;

/// <summary>
/// One vector env the host serves: the library's <see cref="VectorEnv"/> (N sub-envs stepped as one), its id,
/// its owner and its gate. A VectorEnv serves one caller at a time, so every call on it holds <see cref="Gate"/>.
/// </summary>
public sealed class VectorInstance(string instanceId, VectorEnv env, string owner, string envId) : IServedEnv
{
    private long _lastUsedTicks = Now;
    private long _steps;
    private int _counted = 1;
    private int _closed;

    public string InstanceId { get; } = instanceId;

    public VectorEnv Env { get; } = env;

    public string EnvId { get; } = envId;

    public int NumEnvs => Env.NumEnvs;

    int IServedEnv.Slots => NumEnvs;

    /// <summary>Who made it (the client's remote address), for the per-client limit.</summary>
    public string Owner { get; } = owner;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Serializes the calls on <see cref="Env"/>.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>Set once a worker hosting some of its sub-envs died: later requests get 410.</summary>
    public bool IsLost { get; private set; }

    /// <summary>Vector steps (each steps every sub-env once).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    public TimeSpan IdleFor => TimeSpan.FromTicks(Now - Interlocked.Read(ref _lastUsedTicks));

    private static long Now => Environment.TickCount64 * TimeSpan.TicksPerMillisecond;

    public void Touch() => Interlocked.Exchange(ref _lastUsedTicks, Now);

    public void RecordStep() => Interlocked.Increment(ref _steps);

    public bool TryReleaseSlots() => Interlocked.Exchange(ref _counted, 0) == 1;

    /// <summary>A seed given at creation, used by the first reset that names none.</summary>
    public long? PendingSeed { get; set; }

    public void MarkLost() => IsLost = true;

    /// <summary>Closes every sub-env in its worker. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await Env.DisposeAsync().ConfigureAwait(false);
        }
    }
}
