using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using GymBridge.Server.Monitoring;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>The server-level routes: upload (gone), shutdown (opt-in), the env registry and /stats (/healthz is HealthEndpoint).</summary>
internal static class ServerEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        var stats = api.Stats;
        routes.Map(stats, "POST", "/v1/upload", "upload", UploadAsync).Takes<UploadRequest>().Gives<ErrorReply>("Gone: the scoreboard no longer exists (410, after 400 for a missing training_dir or api_key)");
        routes.Map(stats, "POST", "/v1/shutdown", "shutdown", context => ShutdownAsync(context, api)).Gives<MessageReply>("Stop the server (only with --enable-shutdown true)");
        routes.Map(stats, "GET", "/v1/registry", "registry", context => RegistryAsync(context, api)).Gives<RegistryReply>("Every registered env id: {env_ids}");
        routes.Map(stats, "GET", "/stats", "stats", context => StatsAsync(context, api)).Gives<StatsReply>("Server statistics: envs, steps, requests per endpoint, workers (and the cluster's silos in cluster mode)");
        routes.Map(stats, "GET", "/v1/stats", "stats", context => StatsAsync(context, api)).Gives<StatsReply>("Server statistics (same as /stats)");
    }

    /// <summary>The scoreboard is gone (410), after the legacy server's checks of its parameters, in its order.</summary>
    private static async Task UploadAsync(HttpContext context)
    {
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        Parameters.RequiredString(parameters, "training_dir");
        Parameters.RequiredString(parameters, "api_key");
        throw new ApiException(StatusCodes.Status410Gone, ErrorKinds.Gone,
            "Uploading to the OpenAI Gym scoreboard is gone: the scoreboard no longer exists. Your recordings stay under the server's recordings root.");
    }

    private static Task ShutdownAsync(HttpContext context, ApiServices api)
    {
        if (!api.Options.EnableShutdown)
        {
            throw new ApiException(StatusCodes.Status404NotFound, ErrorKinds.Disabled,
                "POST /v1/shutdown/ is disabled on this server; start it with --enable-shutdown true to allow it.");
        }

        context.Response.OnCompleted(() =>
        {
            api.Lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return ResponseWriter.WriteAsync(context, GymMap.Of(("message", "Server shutting down")));
    }

    private static async Task StatsAsync(HttpContext context, ApiServices api)
    {
        var cluster = await api.Source.DescribeAsync(context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, StatsReport.Build(api, cluster)).ConfigureAwait(false);
    }

    private static async Task RegistryAsync(HttpContext context, ApiServices api)
    {
        var ids = await api.Pool.Pool.ListEnvIdsAsync(context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, GymMap.Of(("env_ids", GymValue.List([.. ids.Select(id => (GymValue)id)])))).ConfigureAwait(false);
    }
}
