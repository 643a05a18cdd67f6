using Microsoft.Net.Http.Headers;

namespace GymBridge.Server.Json;

/// <summary>Whether a body is JSON or MessagePack (<c>application/msgpack</c>, <c>application/x-msgpack</c>, <c>application/vnd.msgpack</c>).</summary>
internal static class BodyFormat
{
    public const string MessagePackType = "application/msgpack";
    public const string JsonType = "application/json";

    /// <summary><c>application/json</c>, <c>text/json</c> or a <c>+json</c> type such as <c>application/problem+json</c>, with any parameters.</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.Equals(contentType, JsonType, StringComparison.OrdinalIgnoreCase))
        {
            return true; // what nearly every client sends, without parsing it
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } type)
        {
            return false;
        }

        return type.Equals(JsonType, StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsMessagePack(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith(MessagePackType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/x-msgpack", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/vnd.msgpack", StringComparison.OrdinalIgnoreCase));

    /// <summary>MessagePack when the Accept header asks for it; with no Accept, what the request was sent in.</summary>
    public static bool WantsMessagePack(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return IsMessagePack(request.ContentType);
        }

        foreach (var value in accept)
        {
            if (value is not null && (value.Contains("msgpack", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
