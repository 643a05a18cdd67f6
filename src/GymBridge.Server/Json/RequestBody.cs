using System.Buffers;
using System.IO.Pipelines;
using GymBridge.Server.Errors;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// Reads a request body as a map of parameters, from JSON or MessagePack. An empty body, <c>null</c> (what the
/// legacy Python client sends for reset and close) and <c>{}</c> are all "no parameters". Anything but an object
/// is a 400; a malformed body is a 400 (<see cref="ErrorKinds.MalformedBody"/>); an oversized one a 413 (Kestrel's limit).
/// </summary>
internal static class RequestBody
{
    public static async ValueTask<GymMap> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength == 0)
        {
            return GymMap.Empty;
        }

        var reader = request.BodyReader;
        ReadResult result;
        while (true)
        {
            result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        try
        {
            return Parse(result.Buffer, request.ContentType);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    public static GymMap Parse(ReadOnlySequence<byte> body, string? contentType)
    {
        if (IsBlank(body))
        {
            return GymMap.Empty;
        }

        GymValue value;
        if (BodyFormat.IsMessagePack(contentType))
        {
            value = MessagePackBody.Read(body);
        }
        else
        {
            value = GymJsonReader.Read(body);
        }

        return value switch
        {
            GymMap map => map,
            { IsNone: true } => GymMap.Empty,
            _ => throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.MalformedBody,
                $"The request body must be an object of parameters, got {value.Kind.ToString().ToLowerInvariant()}."),
        };
    }

    private static bool IsBlank(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
