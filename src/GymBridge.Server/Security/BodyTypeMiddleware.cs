using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using Microsoft.AspNetCore.Http.Features;

namespace GymBridge.Server.Security;

/// <summary>
/// A body must be JSON or MessagePack (<see cref="BodyFormat"/>); anything else is refused with 415
/// <c>unsupported_media_type</c> before a route sees it. Any web page may send <c>text/plain</c>, form or multipart
/// bodies (or a body without a type) to any host without a CORS preflight; this host reads none of them. A request
/// without a body passes whatever its <c>Content-Type</c>.
/// </summary>
internal sealed class BodyTypeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody || BodyFormat.IsJson(request.ContentType) || BodyFormat.IsMessagePack(request.ContentType))
        {
            return next(context);
        }

        return ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status415UnsupportedMediaType, ErrorKinds.UnsupportedMediaType,
            $"A request body must be JSON (Content-Type: {BodyFormat.JsonType}) or MessagePack (Content-Type: {BodyFormat.MessagePackType}), " +
            $"got {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"'{request.ContentType}'")}."), includeTraceback: false);
    }
}
