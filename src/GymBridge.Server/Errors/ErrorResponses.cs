using GymBridge.Server.Json;
using GymBridge.Values;
using Microsoft.AspNetCore.WebUtilities;

namespace GymBridge.Server.Errors;

/// <summary>
/// The body of every error: <c>message</c> (what the legacy clients print), <c>kind</c> (machine-readable),
/// and the ProblemDetails fields <c>status</c>, <c>title</c>, <c>detail</c>; <c>traceback</c> only with DevelopmentDetails.
/// </summary>
internal static class ErrorResponses
{
    public static GymMap Body(ApiException error, bool includeTraceback)
    {
        var title = ReasonPhrases.GetReasonPhrase(error.Status);
        return includeTraceback && error.Traceback is { } traceback
            ? GymMap.Of(("message", error.Message), ("kind", error.Kind), ("status", error.Status), ("title", title), ("detail", error.Message), ("traceback", traceback))
            : GymMap.Of(("message", error.Message), ("kind", error.Kind), ("status", error.Status), ("title", title), ("detail", error.Message));
    }

    public static Task WriteAsync(HttpContext context, ApiException error, bool includeTraceback) =>
        ResponseWriter.WriteAsync(context, Body(error, includeTraceback), error.Status);
}
