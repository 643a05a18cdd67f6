using System.Buffers;
using System.Text.Json;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// Writes a response body from a <see cref="GymValue"/> in JSON or, when the client asks for it, MessagePack.
/// The body is built in a per-thread buffer and copied into Kestrel's pipe before the first await, so the
/// hot path allocates no buffers and sends a Content-Length.
/// </summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public static Task WriteAsync(HttpContext context, GymValue body, int status = StatusCodes.Status200OK)
    {
        var response = context.Response;
        response.StatusCode = status;
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        if (BodyFormat.WantsMessagePack(context.Request))
        {
            response.ContentType = BodyFormat.MessagePackType;
            MessagePackBody.Write(buffer, body);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            WriteJson(buffer, body);
        }

        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20)
        {
            t_buffer = null;
        }

        var flush = response.BodyWriter.FlushAsync(context.RequestAborted);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>The JSON text of a value (for WebSocket messages and tests).</summary>
    public static byte[] ToJson(GymValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        GymJsonWriter.Write(writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJson(ArrayBufferWriter<byte> buffer, GymValue body)
    {
        var writer = t_json;
        if (writer is null)
        {
            writer = t_json = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        GymJsonWriter.Write(writer, body);
        writer.Flush();
    }
}
