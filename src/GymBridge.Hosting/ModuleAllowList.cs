namespace GymBridge.Hosting;

/// <summary>
/// Which Python modules a caller who is not the operator may name in an env id: <c>module:Env-v0</c> makes the worker
/// import <c>module</c> first, which runs whatever that module runs at import. Allowed are the operator's list and the
/// pool's own <see cref="GymBridgeOptions.ImportModules"/>. Every host that serves callers it does not trust asks it:
/// the REST host before a make reaches a worker, each silo of a cluster before it makes an env for any Orleans client.
/// </summary>
public sealed class ModuleAllowList
{
    private readonly HashSet<string> _allowed;

    /// <summary>Allows <paramref name="allowed"/> (the operator's list) and the modules <paramref name="pool"/> imports into every worker.</summary>
    public ModuleAllowList(IEnumerable<string> allowed, GymBridgeOptions pool)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(pool);
        _allowed = new HashSet<string>(allowed.Concat(pool.ImportModules), StringComparer.Ordinal);
    }

    /// <summary>The module <paramref name="envId"/> names when it is not allowed; null when it names none, or an allowed one.</summary>
    public string? Refused(string envId)
    {
        ArgumentNullException.ThrowIfNull(envId);
        var colon = envId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || _allowed.Contains(envId[..colon]) ? null : envId[..colon];
    }
}
