using System.Collections.Concurrent;
using System.Diagnostics;

namespace GymBridge.Server.Monitoring;

/// <summary>What the host counts: steps, resets, and requests per endpoint.</summary>
public sealed class ServerStats
{
    private readonly ConcurrentDictionary<string, EndpointCounter> _endpoints = new(StringComparer.Ordinal);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _steps;
    private long _resets;

    public TimeSpan Uptime => Stopwatch.GetElapsedTime(_started);

    public long Steps => Interlocked.Read(ref _steps);

    public long Resets => Interlocked.Read(ref _resets);

    public IEnumerable<EndpointCounter> Endpoints => _endpoints.Values.OrderBy(e => e.Name, StringComparer.Ordinal);

    public void CountStep() => Interlocked.Increment(ref _steps);

    /// <summary>Counts the sub-env steps of one vector step.</summary>
    public void CountSteps(int count) => Interlocked.Add(ref _steps, count);

    public void CountReset() => Interlocked.Increment(ref _resets);

    /// <summary>The counter of an endpoint name (several routes, e.g. with and without a trailing slash, share one).</summary>
    public EndpointCounter Counter(string name) => _endpoints.GetOrAdd(name, static n => new EndpointCounter(n));
}
