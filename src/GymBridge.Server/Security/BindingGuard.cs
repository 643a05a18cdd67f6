using System.Net;
using GymBridge.Server.Hosting;

namespace GymBridge.Server.Security;

/// <summary>
/// Refuses to start a host that listens beyond loopback without an API key (an open Gymnasium server runs
/// arbitrary env code), unless <see cref="ServerOptions.AllowUnauthenticatedRemote"/> says so.
/// </summary>
public static class BindingGuard
{
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
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", remote)} without an API key: anyone who reaches it could run env code. " +
                "Set one (--api-key KEY or GymBridge__ApiKey), bind 127.0.0.1, or pass --allow-unauthenticated-remote true.");
        }
    }

    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = end < 0 ? rest : rest[..end];
        string host;
        if (authority.StartsWith('['))
        {
            host = authority[1..authority.IndexOf(']', StringComparison.Ordinal)];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
