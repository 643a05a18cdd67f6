using GymBridge.Server.Recording;

namespace GymBridge.Server.Instances;

/// <summary>
/// One env the host serves: the env (<see cref="IGymEnv"/>), its id, its owner and its gate. An env is not
/// thread-safe, so every call on it goes through <see cref="Gate"/> (see <see cref="Lease"/>).
/// </summary>
public sealed class EnvInstance : IServedEnv
{
    private readonly CancellationTokenSource _closed = new();
    private long _lastUsedTicks;
    private long _steps;
    private long _episodes;
    private long _version;
    private int _counted;
    private double _episodeReturn;
    private double _lastReturn = double.NaN;

    /// <param name="counted">Whether it counts against this host's limits: it does when made through this host, not when
    /// it is a cluster's env made through another host that a request here reached.</param>
    public EnvInstance(string instanceId, IGymEnv env, string owner, bool counted = true)
    {
        InstanceId = instanceId;
        Env = env;
        Owner = owner;
        MadeHere = counted;
        _counted = counted ? 1 : 0;
        CreatedAt = DateTimeOffset.UtcNow;
        Touch();
    }

    public string InstanceId { get; }

    /// <summary>False for a cluster's env made through another host: this host only holds a handle of it.</summary>
    public bool MadeHere { get; }

    public IGymEnv Env { get; }

    public string EnvId => Env.Id;

    /// <summary>Who made it (the client's remote address), for the per-client limit.</summary>
    public string Owner { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Serializes the calls on <see cref="Env"/>.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Cancelled when the instance is closed, evicted or lost (ends its MJPEG streams).</summary>
    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Set once the worker hosting the env died: later requests get 410.</summary>
    public bool IsLost { get; private set; }

    /// <summary>The episode recorder while /monitor/start is on (used under <see cref="Gate"/>).</summary>
    public EpisodeRecorder? Recorder { get; set; }

    public long Steps => Interlocked.Read(ref _steps);

    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>Changes with every step and reset, so a stream re-renders only when the scene may have changed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>A seed given at creation, used by the first reset that names none.</summary>
    public long? PendingSeed { get; set; }

    /// <summary>The return of the episode in progress.</summary>
    public double EpisodeReturn => _episodeReturn;

    /// <summary>The return of the last finished episode (NaN before the first one ends).</summary>
    public double LastReturn => _lastReturn;

    public TimeSpan IdleFor => TimeSpan.FromTicks(Environment.TickCount64 * TimeSpan.TicksPerMillisecond - Interlocked.Read(ref _lastUsedTicks));

    public void Touch() => Interlocked.Exchange(ref _lastUsedTicks, Environment.TickCount64 * TimeSpan.TicksPerMillisecond);

    /// <summary>Counts a step (called under the gate).</summary>
    public void RecordStep(double reward, bool done)
    {
        Interlocked.Increment(ref _steps);
        Interlocked.Increment(ref _version);
        _episodeReturn += reward;
        if (done)
        {
            _lastReturn = _episodeReturn;
            _episodeReturn = 0;
            Interlocked.Increment(ref _episodes);
        }
    }

    /// <summary>Counts a reset (called under the gate).</summary>
    public void RecordReset()
    {
        _episodeReturn = 0;
        Interlocked.Increment(ref _version);
    }

    public int Slots => 1;

    public bool TryReleaseSlots() => Interlocked.Exchange(ref _counted, 0) == 1;

    public void MarkLost()
    {
        IsLost = true;
        _closed.Cancel();
    }

    /// <summary>Stops any recording and closes the env in its worker. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        await ForgetAsync().ConfigureAwait(false);
        try
        {
            await Env.DisposeAsync().ConfigureAwait(false);
        }
        catch (GymBridge.Errors.GymBridgeException)
        {
            // The worker is gone or hung: the env is gone with it.
        }
    }

    /// <summary>Stops any recording and ends the streams, leaving the env open (a cluster's env that another host made).</summary>
    public async ValueTask ForgetAsync()
    {
        if (!_closed.IsCancellationRequested)
        {
            await _closed.CancelAsync().ConfigureAwait(false);
        }

        if (Recorder is { } recorder)
        {
            Recorder = null;
            await recorder.DisposeAsync().ConfigureAwait(false);
        }
    }
}
