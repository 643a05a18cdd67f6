using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Limits;

/// <summary>
/// Bounds how long a /v1 request may wait for its env and its worker: past <see cref="ServerOptions.RequestTimeLimit"/>
/// its <see cref="HttpContext.RequestAborted"/> fires and the request ends with 503 <c>request_timeout</c>.
/// Streams (MJPEG) and WebSockets are long-lived by design and not bounded.
/// The token sources are pooled and reset after each request, as Kestrel pools its own for <c>RequestAborted</c>:
/// a linked source per request cost a source, a timer and the registrations made on it (~400 B per step).
/// Like Kestrel's token, the request's token must not be used after the request.
/// </summary>
internal sealed class RequestTimeLimitMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly TimeSpan _limit = options.Value.RequestTimeLimit;
    private readonly DefaultObjectPool<CancellationTokenSource> _sources = new(new ResettingPolicy(), Environment.ProcessorCount * 64);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_limit <= TimeSpan.Zero || !IsBounded(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var aborted = context.RequestAborted;
        var limit = _sources.Get();
        limit.CancelAfter(_limit);
        var link = aborted.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), limit);
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
            link.Dispose();
            context.RequestAborted = aborted;
            _sources.Return(limit);
        }
    }

    private static bool IsBounded(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal)
        && !path.Value.AsSpan().TrimEnd('/').EndsWith("/stream", StringComparison.Ordinal);

    /// <summary>Keeps a source only if it can be reset (never cancelled); its timer is kept and re-armed by the next request.</summary>
    private sealed class ResettingPolicy : PooledObjectPolicy<CancellationTokenSource>
    {
        public override CancellationTokenSource Create() => new();

        public override bool Return(CancellationTokenSource obj)
        {
            if (obj.TryReset())
            {
                return true;
            }

            obj.Dispose();
            return false;
        }
    }
}
