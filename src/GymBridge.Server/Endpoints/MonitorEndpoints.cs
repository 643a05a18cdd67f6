using GymBridge.Server.Endpoints.Bodies;
using System.IO.Compression;
using System.Text;
using GymBridge.Server.Errors;
using GymBridge.Server.Imaging;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// Frames: GET monitor/render/ answers the current frame as a PNG, or as cloudkj's JSON
/// (<c>{render_mode, content_type, encoding: "base64", data}</c>) when the client asks for JSON (Accept or
/// Content-Type application/json, or <c>?format=json</c>); GET monitor/stream/ is an MJPEG stream that ends when
/// the client leaves or the env closes. <c>/render/</c> is monitor/render (cloudkj's first pages) whose JSON form also
/// carries unrenormalizable's <c>render_frame</c> (<see cref="RenderFrame"/>): the two dialects share no field.
/// </summary>
internal static class MonitorEndpoints
{
    private const string Boundary = "frame";
    private const int JpegQuality = 80;

    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/monitor/render", "render", context => RenderAsync(context, api, withRenderFrame: false)).Gives(typeof(RenderReply), "The current frame: PNG, or cloudkj's JSON form with ?format=json or Accept: application/json", "image/png", "application/json", "application/msgpack");
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/render", "render", context => RenderAsync(context, api, withRenderFrame: true)).Gives(typeof(RenderReply), "monitor/render; its JSON form also carries unrenormalizable's render_frame", "image/png", "application/json", "application/msgpack");
        routes.Map(api.Stats, "GET", "/v1/envs/{id}/monitor/stream", "stream", context => StreamAsync(context, api)).Gives(typeof(byte[]), "MJPEG stream of frames", "multipart/x-mixed-replace");
    }

    private static async Task RenderAsync(HttpContext context, ApiServices api, bool withRenderFrame)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        RequireRenderMode(instance);
        var frame = await RenderFrameAsync(instance, api, context.RequestAborted).ConfigureAwait(false);
        var mode = instance.Env.RenderMode!;
        if (WantsJson(context.Request))
        {
            var json = JsonForm(mode, frame);
            await ResponseWriter.WriteAsync(context, withRenderFrame ? new GymMap([.. json.Entries, new("render_frame", RenderFrame(frame))]) : json).ConfigureAwait(false);
            return;
        }

        if (frame.Kind == GymValueKind.List && frame.AsList().Count > 0)
        {
            frame = frame.AsList()[^1];
        }

        byte[] body;
        if (FrameEncoder.EncodePng(frame) is { } png)
        {
            context.Response.ContentType = "image/png";
            body = png;
        }
        else if (frame.Kind == GymValueKind.String)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            body = Encoding.UTF8.GetBytes(frame.AsString());
        }
        else
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.NotSupported,
                $"The env rendered {frame.Kind.ToString().ToLowerInvariant()} in render_mode '{mode}', which has no image form; ask for ?format=json.");
        }

        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task StreamAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        RequireRenderMode(instance);
        if (instance.Env.RenderMode != "rgb_array")
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.NoRenderMode,
                $"Stream requires the env to be created with render_mode='rgb_array' (it has '{instance.Env.RenderMode}').");
        }

        var response = context.Response;
        response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        response.Headers.CacheControl = "no-cache, no-store";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, instance.Closed);
        var period = TimeSpan.FromSeconds(1.0 / Math.Clamp(api.Options.FramesPerSecond, 1, 120));
        var shownVersion = -1L;
        var lastSent = DateTime.MinValue;
        byte[]? jpeg = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var version = instance.Version;
                if (version != shownVersion)
                {
                    var frame = await RenderFrameAsync(instance, api, stop.Token).ConfigureAwait(false);
                    shownVersion = version;
                    jpeg = FrameEncoder.EncodeJpeg(frame, JpegQuality) ?? jpeg;
                    lastSent = DateTime.MinValue;
                }

                // Unchanged scenes are re-sent once a second so that viewers that joined late still show one.
                if (jpeg is not null && DateTime.UtcNow - lastSent > TimeSpan.FromSeconds(1))
                {
                    await WritePartAsync(response, jpeg, stop.Token).ConfigureAwait(false);
                    lastSent = DateTime.UtcNow;
                }

                await Task.Delay(period, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ApiException) when (instance.IsClosed)
        {
        }
        catch (GymBridge.Errors.GymBridgeException)
        {
            // The env was lost or closed under the stream: end it.
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            // The env closed: end the multipart body properly so the client sees a complete response.
            await response.WriteAsync($"--{Boundary}--\r\n", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task WritePartAsync(HttpResponse response, byte[] jpeg, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n");
        await response.Body.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(jpeg, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void RequireRenderMode(EnvInstance instance)
    {
        if (instance.Env.RenderMode is null or "human")
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.NoRenderMode,
                $"Cannot render: {instance.EnvId} was created with render_mode={(instance.Env.RenderMode is null ? "None" : "'human'")}. " +
                "Create it with a non-human mode like 'rgb_array' or 'ansi' (POST /v1/envs/ {\"env_id\": ..., \"render_mode\": \"rgb_array\"}).");
        }
    }

    private static async Task<GymValue> RenderFrameAsync(EnvInstance instance, ApiServices api, CancellationToken cancellationToken)
    {
        using (await Lease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                return await instance.Env.RenderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (EnvCalls.LosesEnv(api.Registry, instance, error))
            {
                throw;
            }
        }
    }

    private static bool WantsJson(HttpRequest request)
    {
        if (request.Query.TryGetValue("format", out var format))
        {
            return string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        }

        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) || accept.Contains("msgpack", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !accept.Contains("image/", StringComparison.OrdinalIgnoreCase)
            && (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private static GymMap JsonForm(string mode, GymValue frame)
    {
        if (frame.Kind == GymValueKind.List)
        {
            var frames = frame.AsList().Select(f => (GymValue)Base64Png(f)).ToArray();
            return GymMap.Of(("render_mode", mode), ("content_type", "image/png"), ("encoding", "base64"), ("data", GymValue.List(frames)));
        }

        if (FrameEncoder.IsImage(frame))
        {
            return GymMap.Of(("render_mode", mode), ("content_type", "image/png"), ("encoding", "base64"), ("data", Base64Png(frame)));
        }

        return frame.Kind == GymValueKind.String
            ? GymMap.Of(("render_mode", mode), ("content_type", "text/plain"), ("encoding", "utf-8"), ("data", frame))
            : GymMap.Of(("render_mode", mode), ("content_type", "application/json"), ("encoding", "utf-8"), ("data", frame));
    }

    /// <summary>
    /// unrenormalizable's <c>render_frame</c>: an ansi string as it is; an rgb_array frame as <c>{rows, cols, data}</c>
    /// with <c>data</c> the base64 of the zlib-compressed RGBA bytes (alpha 255), row by row; anything else as it is.
    /// </summary>
    private static GymValue RenderFrame(GymValue frame)
    {
        if (FrameEncoder.ToRgba(frame, out var width, out var height) is not { } rgba)
        {
            return frame;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(rgba);
        }

        return GymMap.Of(("rows", height), ("cols", width), ("data", Convert.ToBase64String(compressed.GetBuffer(), 0, (int)compressed.Length)));
    }

    private static string Base64Png(GymValue frame) =>
        FrameEncoder.EncodePng(frame) is { } png ? Convert.ToBase64String(png) : frame.ToString() ?? string.Empty;
}
