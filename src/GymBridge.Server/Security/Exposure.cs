namespace GymBridge.Server.Security;

/// <summary>Who can reach the host, as its bindings and API key say; decided once at start.</summary>
/// <param name="LoopbackOnly">Every bound address is a loopback one.</param>
/// <param name="HasApiKey">Requests to the API need the key.</param>
public sealed record Exposure(bool LoopbackOnly, bool HasApiKey)
{
    /// <summary>
    /// One user on their own machine: loopback only, no key. There the host trusts its user as far as the user's own
    /// processes are trusted anyway (monitor/start may write to any absolute directory); pages of other sites are still refused.
    /// </summary>
    public bool SingleUser => LoopbackOnly && !HasApiKey;
}

/// <summary>The URLs the host was configured to listen on (<c>--urls</c>, <c>Kestrel:Endpoints</c>).</summary>
public sealed record Bindings(IReadOnlyList<string> Urls);
