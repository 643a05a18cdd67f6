using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using GymBridge.Envs;
using GymBridge.Server.Endpoints;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Values;

namespace GymBridge.Server.WebSockets;

/// <summary>
/// The WebSocket at /gym, speaking Gymie's protocol: text messages <c>{"method", "params"}</c> answered in order
/// with Gymie's shapes (make → <c>{"instance_id"}</c>, reset → the observation, step → <c>[obs, reward, done, info]</c>,
/// close → <c>true</c>, spaces → the space info, action_sample → the action). Errors close the socket as Gymie
/// does (1003 for an unreadable message, 1007 otherwise, with Gymie's reason texts; 1011 when the env or the server failed).
/// With <c>?protocol=gymnasium</c> the modern variant answers reset with <c>{observation, info}</c> and step with
/// <c>{observation, reward, terminated, truncated, done, info}</c>, accepts make's render_mode, max_episode_steps,
/// kwargs and reset's seed and options, and reports errors as <c>{"error": {message, kind}}</c> without closing.
/// There a request may carry an <c>id</c> (a string or a number): its answer is then <c>{"id", "result"}</c> or
/// <c>{"id", "error"}</c>, so a client may send several requests before reading (pipelining) and match the answers,
/// which come in the order of the requests. Envs made on a connection are closed when it ends.
/// </summary>
internal sealed class GymieSocketHandler(ApiServices api)
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new ApiException(StatusCodes.Status426UpgradeRequired, ErrorKinds.WebSocketRequired, "Gymie is running... (connect a WebSocket to /gym)");
        }

        var modern = string.Equals(context.Request.Query["protocol"], "gymnasium", StringComparison.OrdinalIgnoreCase);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var owned = new List<EnvInstance>();
        var owner = EnvEndpoints.Owner(context);
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                if (!await ReceiveAsync(socket, buffer, context.RequestAborted).ConfigureAwait(false))
                {
                    break;
                }

                GymValue reply;
                GymValue? tag = null;
                try
                {
                    var request = Parse(buffer.WrittenMemory);
                    tag = modern ? Tag(request) : null;
                    reply = await DispatchAsync(request, modern, owner, owned, context.RequestAborted).ConfigureAwait(false);
                }
                catch (GymieProtocolException error) when (!modern)
                {
                    await socket.CloseOutputAsync(error.Status, Truncate(error.Message), CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                catch (Exception error) when (modern && error is not OperationCanceledException)
                {
                    var mapped = error as GymieProtocolException;
                    var (kind, message) = mapped is not null ? (mapped.Kind, mapped.Message) : Describe(error);
                    var problem = GymMap.Of(("message", message), ("kind", kind));
                    reply = tag is null ? GymMap.Of(("error", problem)) : GymMap.Of(("id", tag), ("error", problem));
                    tag = null;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Gymie's reason text; the code says whose fault it was, as REST's 4xx and 5xx do.
                    var mapped = ExceptionMapping.ToApiError(error);
                    var status = mapped.Status >= 500 ? WebSocketCloseStatus.InternalServerError : WebSocketCloseStatus.InvalidPayloadData;
                    await socket.CloseOutputAsync(status, Truncate($"Unknonwn error: {mapped.Message}"), CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                if (tag is not null)
                {
                    reply = GymMap.Of(("id", tag), ("result", reply));
                }

                await socket.SendAsync(ResponseWriter.ToJson(reply), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            foreach (var instance in owned)
            {
                await api.Registry.RemoveAsync(instance, RemovalReason.Disconnected).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> ReceiveAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    private static GymMap Parse(ReadOnlyMemory<byte> message)
    {
        try
        {
            return GymJsonReader.Read(new ReadOnlySequence<byte>(message)) as GymMap
                ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new GymieProtocolException(WebSocketCloseStatus.InvalidMessageType,
                $"Message `{System.Text.Encoding.UTF8.GetString(message.Span[..Math.Min(message.Length, 200)])}` is invalid", ErrorKinds.MalformedBody);
        }
    }

    /// <summary>The request's <c>id</c>, echoed in its answer; only strings and numbers, so an answer stays small.</summary>
    private static GymValue? Tag(GymMap request)
    {
        if (!request.TryGetValue("id", out var id))
        {
            return null;
        }

        return id.Kind is GymValueKind.String or GymValueKind.Int or GymValueKind.Float
            ? id
            : throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData, "A request's `id` must be a string or a number", ErrorKinds.BadRequest);
    }

    private async Task<GymValue> DispatchAsync(GymMap request, bool modern, string owner, List<EnvInstance> owned, CancellationToken cancellationToken)
    {
        if (!request.TryGetValue("method", out var methodValue) || methodValue.Kind != GymValueKind.String
            || !request.TryGetValue("params", out var paramsValue) || paramsValue is not GymMap parameters)
        {
            throw new GymieProtocolException(WebSocketCloseStatus.InvalidMessageType,
                $"Message keys [{string.Join(", ", request.Keys.Select(k => $"'{k}'"))}] are missing or invalid", ErrorKinds.BadRequest);
        }

        var method = methodValue.AsString();
        try
        {
            return method switch
            {
                "make" => await MakeAsync(parameters, modern, owner, owned, cancellationToken).ConfigureAwait(false),
                "reset" => await ResetAsync(await LookupAsync(parameters, cancellationToken).ConfigureAwait(false), parameters, modern, cancellationToken).ConfigureAwait(false),
                "step" => await StepAsync(await LookupAsync(parameters, cancellationToken).ConfigureAwait(false), parameters, modern, cancellationToken).ConfigureAwait(false),
                "close" => await CloseAsync(await LookupAsync(parameters, cancellationToken).ConfigureAwait(false), owned).ConfigureAwait(false),
                "observation_space" => SpaceInfo.Describe((await LookupAsync(parameters, cancellationToken).ConfigureAwait(false)).Env.ObservationSpace),
                "action_space" => SpaceInfo.Describe((await LookupAsync(parameters, cancellationToken).ConfigureAwait(false)).Env.ActionSpace),
                "action_sample" => await SampleAsync(await LookupAsync(parameters, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                _ => throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData, $"Method `{method}` not found", ErrorKinds.NotFound),
            };
        }
        catch (ApiException error) when (error.Kind == ErrorKinds.UnknownEnv)
        {
            var envId = parameters.TryGetValue("env_id", out var id) ? id.ToString() : string.Empty;
            throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData,
                modern ? error.Message : $"Environment `{envId}` not found", ErrorKinds.UnknownEnv);
        }
        catch (ApiException error) when (error.Kind == ErrorKinds.InvalidAction || error.Kind == ErrorKinds.BadRequest)
        {
            if (modern)
            {
                throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData, error.Message, error.Kind);
            }

            throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData,
                error.Kind == ErrorKinds.InvalidAction && parameters.TryGetValue("action", out var action) ? $"Action `{action}` is wrong" : $"Parameters `{parameters}` are wrong",
                error.Kind);
        }
        catch (GymBridge.Errors.InvalidActionException error)
        {
            throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData,
                modern ? error.Message : $"Action `{(parameters.TryGetValue("action", out var action) ? action : GymValue.None)}` is wrong", ErrorKinds.InvalidAction);
        }
    }

    private async Task<EnvInstance> LookupAsync(GymMap parameters, CancellationToken cancellationToken)
    {
        var id = Parameters.RequiredString(parameters, "instance_id");
        // Gymie's own client keeps the whole make reply as its instance id; accept that form too.
        if (id.StartsWith('{') && GymJsonReader.Read(id) is GymMap wrapped && wrapped.TryGetValue("instance_id", out var inner) && inner.Kind == GymValueKind.String)
        {
            id = inner.AsString();
        }

        try
        {
            return await api.Registry.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            throw new GymieProtocolException(WebSocketCloseStatus.InvalidPayloadData, $"Instance `{id}` not found", error.Kind);
        }
    }

    private async Task<GymValue> MakeAsync(GymMap parameters, bool modern, string owner, List<EnvInstance> owned, CancellationToken cancellationToken)
    {
        var envId = Parameters.RequiredString(parameters, "env_id");
        var options = modern ? EnvEndpoints.ReadMakeOptions(parameters) : new MakeOptions();
        var seed = Parameters.OptionalSeed(parameters);
        var instance = await api.Registry.CreateAsync(envId, options, owner, cancellationToken).ConfigureAwait(false);
        instance.PendingSeed = seed;
        owned.Add(instance);
        return GymMap.Of(("instance_id", instance.InstanceId));
    }

    private async Task<GymValue> ResetAsync(EnvInstance instance, GymMap parameters, bool modern, CancellationToken cancellationToken)
    {
        var seed = modern ? Parameters.OptionalSeed(parameters) : null;
        var options = modern ? Parameters.OptionalMap(parameters, "options") : null;
        var reset = await EnvCalls.ResetAsync(api, instance, seed, options, cancellationToken).ConfigureAwait(false);
        return modern ? GymMap.Of(("observation", reset.Observation), ("info", reset.Info)) : reset.Observation;
    }

    private async Task<GymValue> StepAsync(EnvInstance instance, GymMap parameters, bool modern, CancellationToken cancellationToken)
    {
        var step = await EnvCalls.StepAsync(api, instance, parameters, cancellationToken).ConfigureAwait(false);
        return modern ? StepEndpoints.StepBody(step) : GymValue.List(step.Observation, step.Reward, step.Done, step.Info);
    }

    private async Task<GymValue> CloseAsync(EnvInstance instance, List<EnvInstance> owned)
    {
        owned.Remove(instance);
        await api.Registry.RemoveAsync(instance, RemovalReason.Closed).ConfigureAwait(false);
        return true;
    }

    private static async Task<GymValue> SampleAsync(EnvInstance instance, CancellationToken cancellationToken)
    {
        using (await Lease.AcquireAsync(instance, cancellationToken).ConfigureAwait(false))
        {
            return await instance.Env.SampleActionAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string Kind, string Message) Describe(Exception error)
    {
        var mapped = ExceptionMapping.ToApiError(error);
        return (mapped.Kind, mapped.Message);
    }

    /// <summary>A close frame's reason is at most 123 bytes of UTF-8: the longest prefix that fits, not splitting a character.</summary>
    private static string Truncate(string reason)
    {
        const int MaxBytes = 123;
        var length = Math.Min(reason.Length, MaxBytes); // the reason may be a whole (megabyte) message: look at its start only
        while (length > 0 && (System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxBytes || char.IsHighSurrogate(reason[length - 1])))
        {
            length--;
        }

        return reason[..length];
    }
}
