namespace GymBridge.Supervision;

/// <summary>
/// Erlang/OTP's restart intensity for one worker slot: at most <c>maxRestarts</c> restarts within any
/// <c>window</c>, after which the slot stays down. Restarts close together wait longer: the first waits
/// <c>firstDelay</c>, each further one within the window twice as long, up to <c>maxDelay</c>.
/// </summary>
internal sealed class RestartIntensity(int maxRestarts, TimeSpan window, TimeSpan firstDelay, TimeSpan maxDelay)
{
    private readonly Queue<TimeSpan> _recent = new();

    /// <summary>Restarts admitted within the window that ends at the last call.</summary>
    public int RecentRestarts => _recent.Count;

    /// <summary>Counts a restart at <paramref name="now"/> (any monotonic clock) if the limit allows it, and says how long to wait first.</summary>
    /// <returns>False when the limit is reached: the slot must stay down.</returns>
    public bool TryAdmit(TimeSpan now, out TimeSpan delay)
    {
        while (_recent.Count > 0 && now - _recent.Peek() >= window)
        {
            _recent.Dequeue();
        }

        if (_recent.Count >= maxRestarts)
        {
            delay = TimeSpan.Zero;
            return false;
        }

        delay = TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * Math.Pow(2, _recent.Count), maxDelay.Ticks));
        _recent.Enqueue(now);
        return true;
    }
}
