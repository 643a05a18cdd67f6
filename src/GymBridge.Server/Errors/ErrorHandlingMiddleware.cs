using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Errors;

/// <summary>
/// Turns every exception of a request into a JSON (or MessagePack) error body with the right status, so no
/// request ends in a bare 500.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, IOptions<ServerOptions> options, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            if (context.RequestAborted.IsCancellationRequested && error is OperationCanceledException)
            {
                return; // The client left; nobody reads an answer.
            }

            var api = ExceptionMapping.ToApiError(error);
            if (api.Status >= 500)
            {
                LogServerError(logger, context.Request.Method, context.Request.Path, api.Kind, api.Message);
            }

            context.Response.Clear();
            await ErrorResponses.WriteAsync(context, api, options.Value.DevelopmentDetails).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed ({Kind}): {Message}")]
    private static partial void LogServerError(ILogger logger, string method, string path, string kind, string message);
}
