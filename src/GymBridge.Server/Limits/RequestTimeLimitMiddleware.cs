using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Limits;

/// <summary>
/// Bounds how long a /v1 request may wait for its env and its worker: past <see cref="ServerOptions.RequestTimeLimit"/>
/// its <see cref="HttpContext.RequestAborted"/> fires and the request ends with 503 <c>request_timeout</c>.
/// Streams (MJPEG) and WebSockets are long-lived by design and not bounded.
/// </summary>
internal sealed class RequestTimeLimitMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly TimeSpan _limit = options.Value.RequestTimeLimit;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_limit <= TimeSpan.Zero || !IsBounded(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var aborted = context.RequestAborted;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(_limit);
        context.RequestAborted = limit.Token;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorKinds.RequestTimeout,
                $"The request exceeded the server's time limit of {_limit.TotalSeconds:0.###} s; the env may still be busy with it.");
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    }

    private static bool IsBounded(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal)
        && !path.Value!.TrimEnd('/').EndsWith("/stream", StringComparison.Ordinal);
}
