using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Security;

/// <summary>
/// A request that carries an <c>Origin</c> was sent by a page. Only the host's own pages (same scheme, host and port)
/// and the origins the operator allows (<see cref="ServerOptions.CorsOrigins"/>) may drive it; any other page is
/// refused with 403 <c>origin_refused</c>, REST requests and WebSocket upgrades of <c>/gym</c> alike. Clients that are
/// not browsers send no <c>Origin</c> and are not affected.
/// </summary>
internal sealed class OriginCheckMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly bool _anyOrigin = options.Value.CorsOrigins.Contains("*");
    private readonly HashSet<string> _allowed = new(options.Value.CorsOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        string? origin = context.Request.Headers.Origin;
        if (string.IsNullOrEmpty(origin) || _anyOrigin || _allowed.Contains(origin) || IsOwn(context.Request, origin))
        {
            return next(context);
        }

        return ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status403Forbidden, ErrorKinds.OriginRefused,
            $"Requests from pages of {origin} are refused: this host serves its own pages ({context.Request.Scheme}://{context.Request.Host}) " +
            "and the origins its operator allows (--cors-origin ORIGIN)."), includeTraceback: false);
    }

    private static bool IsOwn(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var host = request.Host;
        var port = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(uri.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && uri.Port == port;
    }
}
