namespace GymBridge.Server.Json;

/// <summary>Whether a body is JSON (the default) or MessagePack (<c>application/msgpack</c> or <c>application/x-msgpack</c>).</summary>
internal static class BodyFormat
{
    public const string MessagePackType = "application/msgpack";
    public const string JsonType = "application/json";

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
