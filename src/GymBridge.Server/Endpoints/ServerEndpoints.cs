using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using GymBridge.Server.Monitoring;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>The server-level routes: upload (gone), shutdown (opt-in), the env registry, /healthz, /stats and /openapi.json.</summary>
internal static class ServerEndpoints
{
    private static readonly Lazy<byte[]> OpenApiDocument = new(() =>
    {
        using var stream = typeof(ServerEndpoints).Assembly.GetManifestResourceStream("GymBridge.Server.openapi.json")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        var stats = api.Stats;
        routes.Map(stats, "POST", "/v1/upload", "upload", UploadAsync);
        routes.Map(stats, "POST", "/v1/shutdown", "shutdown", context => ShutdownAsync(context, api));
        routes.Map(stats, "GET", "/v1/registry", "registry", context => RegistryAsync(context, api));
        routes.Map(stats, "GET", "/healthz", "healthz", context => HealthAsync(context, api));
        routes.Map(stats, "GET", "/stats", "stats", context => ResponseWriter.WriteAsync(context, StatsReport.Build(api)));
        routes.Map(stats, "GET", "/v1/stats", "stats", context => ResponseWriter.WriteAsync(context, StatsReport.Build(api)));
        routes.Map(stats, "GET", "/openapi.json", "openapi", context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.Body.WriteAsync(OpenApiDocument.Value, context.RequestAborted).AsTask();
        });
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

    private static async Task RegistryAsync(HttpContext context, ApiServices api)
    {
        var ids = await api.Pool.Pool.ListEnvIdsAsync(context.RequestAborted).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, GymMap.Of(("env_ids", GymValue.List([.. ids.Select(id => (GymValue)id)])))).ConfigureAwait(false);
    }

    /// <summary>200 with <c>ok</c> or <c>degraded</c> (some workers restarting or down); 503 <c>unhealthy</c> when no worker runs.</summary>
    private static Task HealthAsync(HttpContext context, ApiServices api)
    {
        var health = api.WorkerStats.Health();
        return ResponseWriter.WriteAsync(
            context,
            GymMap.Of(
                ("status", health.Status),
                ("workers", health.Running),
                ("workers_total", health.Total),
                ("restarting", health.Restarting),
                ("failed", health.Failed),
                ("restarts", health.Restarts),
                ("envs", api.Registry.Count),
                ("vector_envs", api.Vectors.All.Count)),
            health.IsServing ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
