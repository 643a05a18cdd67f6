namespace GymBridge.Server.Monitoring;

/// <summary>Endpoint metadata counting the requests routed to it (read by /stats).</summary>
public sealed class EndpointCounter(string name)
{
    private long _count;

    public string Name { get; } = name;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
