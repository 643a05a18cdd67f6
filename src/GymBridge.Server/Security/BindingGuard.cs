using System.Net;
using GymBridge.Server.Hosting;

namespace GymBridge.Server.Security;

/// <summary>
/// Refuses to start a host that listens beyond loopback without an API key (an open Gymnasium server runs
/// arbitrary env code), unless <see cref="ServerOptions.AllowUnauthenticatedRemote"/> says so.
/// </summary>
public static class BindingGuard
{
    /// <summary>Throws <see cref="StartupException"/> when a URL is beyond loopback and neither a key nor the opt-in is set.</summary>
    public static void Check(IEnumerable<string> urls, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.ApiKey) || options.AllowUnauthenticatedRemote)
        {
            return;
        }

        var remote = urls.Where(url => !IsLoopback(url)).ToList();
        if (remote.Count > 0)
        {
            throw new StartupException(
                $"Refusing to listen on {string.Join(", ", remote)} without an API key: anyone who reaches it could run env code. " +
                "Set one (--api-key KEY or GymBridge__ApiKey), bind 127.0.0.1, or pass --allow-unauthenticated-remote true.");
        }
    }

    public static bool IsLoopback(string url)
    {
        var host = HostOf(url).Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The host of a URL as a <c>Host</c> header names it (IPv6 in brackets): <c>http://[::1]:5000/</c> → <c>[::1]</c>.</summary>
    public static string HostOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = end < 0 ? rest : rest[..end];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }
}
