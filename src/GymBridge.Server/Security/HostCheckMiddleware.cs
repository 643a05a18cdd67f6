using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace GymBridge.Server.Security;

/// <summary>
/// Serves only the <c>Host</c> names it should (403 <c>host_refused</c> for others). A page on another site that
/// rebinds its DNS name to 127.0.0.1 still sends its own name, so on a loopback-only host the default is the loopback
/// names: <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, <c>0.0.0.0</c> (what Gymie's client sends) and the hosts of
/// the bound URLs. Beyond loopback the API key guards the host and any name is served.
/// <see cref="ServerOptions.AllowedHosts"/> (<c>--allowed-host</c>) replaces the default, with the patterns and
/// matching of ASP.NET Core's host filtering (<see cref="HostString.MatchesAny"/>: names, <c>*.example.org</c>, <c>*</c>).
/// That middleware itself cannot be used: it reads <c>0.0.0.0</c> in its list as "any host".
/// </summary>
internal sealed class HostCheckMiddleware(RequestDelegate next, IOptions<ServerOptions> options, Exposure exposure, Bindings bindings)
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"];

    private readonly StringSegment[]? _allowed = Allowed(options.Value.AllowedHosts, exposure, bindings);

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (_allowed is null || !host.HasValue || HostString.MatchesAny(NameOf(host.Value), _allowed))
        {
            return next(context);
        }

        return ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status403Forbidden, ErrorKinds.HostRefused,
            $"This host does not serve the name '{host.Host}' (a page of another site can point its name at 127.0.0.1). " +
            $"It serves {string.Join(", ", _allowed)}; its operator can add names with --allowed-host NAME."), includeTraceback: false);
    }

    /// <summary>The name of a Host header without its port, as <see cref="HostString.Host"/> reads it but without a new string.</summary>
    private static StringSegment NameOf(string value)
    {
        if (value.StartsWith('['))
        {
            var end = value.IndexOf(']', StringComparison.Ordinal);
            return end >= 0 ? new StringSegment(value, 0, end + 1) : new StringSegment(value);
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon == value.LastIndexOf(':') ? new StringSegment(value, 0, colon) : new StringSegment(value); // more colons: IPv6 without a port
    }

    /// <summary>The patterns to match, or null for any host.</summary>
    private static StringSegment[]? Allowed(IList<string> configured, Exposure exposure, Bindings bindings)
    {
        IEnumerable<string> names = configured.Count > 0 ? configured
            : exposure.LoopbackOnly ? Loopback.Concat(bindings.Urls.Select(BindingGuard.HostOf))
            : ["*"];
        var patterns = names.Distinct(StringComparer.OrdinalIgnoreCase).Select(name => new StringSegment(name)).ToArray();
        return patterns.Any(p => p.Equals("*", StringComparison.Ordinal)) ? null : patterns;
    }
}
