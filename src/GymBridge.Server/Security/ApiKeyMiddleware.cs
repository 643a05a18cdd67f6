using System.Security.Cryptography;
using System.Text;
using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Security;

/// <summary>
/// When an API key is configured, every request to the API (/v1, /gym, /stats) must carry it in the
/// <c>X-API-Key</c> header, or as <c>?api_key=</c> where a header cannot be set (WebSocket, &lt;img&gt; streams).
/// Pages, docs, the OpenAPI document and /healthz stay open. A wrong or missing key is a 401.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    public const string HeaderName = "X-API-Key";
    public const string QueryName = "api_key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !IsProtected(context.Request.Path) || HttpMethods.IsOptions(context.Request.Method) || HasKey(context.Request))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-API-Key\"";
        return ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status401Unauthorized, ErrorKinds.Unauthorized,
            "This server requires an API key: send it in the X-API-Key header (or ?api_key= for WebSockets and streams)."), includeTraceback: false);
    }

    private static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal)
        || path.StartsWithSegments("/gym", StringComparison.Ordinal)
        || path.StartsWithSegments("/stats", StringComparison.Ordinal);

    private bool HasKey(HttpRequest request)
    {
        string? given = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(given))
        {
            given = request.Query[QueryName];
        }

        return !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
    }
}
