namespace GymBridge.Server.Monitoring;

/// <summary>Counts each request against its endpoint's <see cref="EndpointCounter"/> (no allocation, no lock).</summary>
internal sealed class EndpointCountingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.GetEndpoint()?.Metadata.GetMetadata<EndpointCounter>()?.Increment();
        return next(context);
    }
}
