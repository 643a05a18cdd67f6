using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using GymBridge.Server.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Security;

/// <summary>
/// A body must be JSON or MessagePack (<see cref="BodyFormat"/>); anything else is refused with 415
/// <c>unsupported_media_type</c> before a route sees it. Any web page may send <c>text/plain</c>, form or multipart
/// bodies (or a body without a type) to any host without a CORS preflight; this host reads none of them. A request
/// without a body passes whatever its <c>Content-Type</c>. A body announced larger than the limit is a 413 on every
/// route, before anything is read (Kestrel would otherwise close the connection while draining it).
/// </summary>
internal sealed class BodyGuardMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody)
        {
            return next(context);
        }

        if (request.ContentLength > _limit)
        {
            return ErrorResponses.WriteAsync(context, ExceptionMapping.BodyTooLarge(), includeTraceback: false);
        }

        if (BodyFormat.IsJson(request.ContentType) || BodyFormat.IsMessagePack(request.ContentType))
        {
            return next(context);
        }

        return ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status415UnsupportedMediaType, ErrorKinds.UnsupportedMediaType,
            $"A request body must be JSON (Content-Type: {BodyFormat.JsonType}) or MessagePack (Content-Type: {BodyFormat.MessagePackType}), " +
            $"got {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{request.ContentType}'")}."), includeTraceback: false);
    }
}
