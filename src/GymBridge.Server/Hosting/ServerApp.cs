using GymBridge.Hosting;
using GymBridge.Server.Clustering;
using GymBridge.Server.Endpoints;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Limits;
using GymBridge.Server.Monitoring;
using GymBridge.Server.Recording;
using GymBridge.Server.Security;
using GymBridge.Server.VectorEnvs;
using GymBridge.Server.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;

namespace GymBridge.Server.Hosting;

/// <summary>Builds the host: Kestrel, options, services, middleware and routes. Program.cs, the CLI and the tests use it.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    private const string GymiePath = "/gym";
    private const string DocsPath = "/docs";

    /// <summary>
    /// Builds and runs the host until it stops. A host that cannot start (a refused binding, a bad option, a worker
    /// that cannot start, a port in use) prints one line that says what is wrong and how to fix it, and returns 1;
    /// the exception with its stack trace goes to the debug log.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        WebApplication? app = null;
        try
        {
            app = Build(args);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await StartupFailure.ReportAsync(error, app, args).ConfigureAwait(false);
            if (app is not null)
            {
                try
                {
                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false); // the services that did start stop in order
                }
                catch (InvalidOperationException stopError) // e.g. an Orleans silo that never left Starting refuses to stop
                {
                    StartupFailure.LogStopFailure(app.Logger, stopError);
                }

                await app.DisposeAsync().ConfigureAwait(false);
            }

            return 1;
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    /// <param name="args">Command-line arguments: ASP.NET Core's (<c>--urls</c>) and the switches of <see cref="CommandLineSwitches"/>.</param>
    /// <param name="configure">Extra configuration (tests set options here).</param>
    /// <exception cref="StartupException">The configuration cannot work (the message says why and what to change).</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        args = CommandLineSwitches.ExpandLists(args);
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = Directory.Exists(webRoot) ? webRoot : null,
        });
        builder.Configuration.AddCommandLine(args, CommandLineSwitches.Map);
        builder.WebHost.UseKestrelHttpsConfiguration();
        configure?.Invoke(builder);
        QuietRequestLogging(builder);
        var logGate = new StartupLogGate();
        builder.Services.AddSingleton<IHostedService>(logGate);
        builder.Services.PostConfigure<LoggerFilterOptions>(logGate.Guard);

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls) && builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().All(e => e["Url"] is null))
        {
            builder.WebHost.UseUrls(urls = DefaultUrl);
        }

        var options = ReadOptions(builder.Configuration);
        var configuredUrls = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        BindingGuard.Check(configuredUrls, options);
        var exposure = new Exposure(configuredUrls.All(BindingGuard.IsLoopback), !string.IsNullOrEmpty(options.ApiKey));

        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        // Off by default: on the 2-core VMs it measured no better (docs/rest.md, "Speed"); kept as an option to re-measure.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.InlineScheduling);
        builder.Services.AddSingleton(exposure);
        builder.Services.AddSingleton(new Bindings(configuredUrls));
        builder.Services.AddSingleton<ModulePolicy>();
        builder.Services.Configure<GymBridgeOptions>(HostDefaults); // before AddGymBridge: the configuration binds over them
        builder.Services.AddGymBridge();
        ClusterMode.Configure(builder);
        builder.Services.AddSingleton<EnvLimits>();
        builder.Services.AddSingleton<InstanceRegistry>();
        builder.Services.AddSingleton<VectorRegistry>();
        builder.Services.AddHostedService<IdleEvictionService>();
        builder.Services.AddSingleton<ServerStats>();
        builder.Services.AddSingleton<RecordingRoot>();
        builder.Services.AddSingleton<ApiServices>();
        builder.Services.AddSingleton<GymieSocketHandler>();
        OpenApiDocs.AddServices(builder.Services);
        MetricsExport.Configure(builder.Services, options);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (options.CorsOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. options.CorsOrigins]);
            }

            policy.AllowAnyHeader().AllowAnyMethod();
        }));

        var app = builder.Build();
        Configure(app, options);
        return app;
    }

    /// <summary>
    /// The host's defaults for the pool where they differ from the library's: two workers, and only callers spin
    /// (on the 2-core VMs, where Kestrel, the clients and the workers share the cores, CallerOnly measured the lowest
    /// 1-client latency with Never's 8-client throughput; docs/rest.md, "Speed").
    /// </summary>
    private static void HostDefaults(GymBridgeOptions options)
    {
        options.WorkerCount = 2;
        options.SpinPolicy = SpinPolicy.CallerOnly;
    }

    /// <summary>The host's options; both option types of the section are bound here first so that a bad value fails the start with a clear line.</summary>
    private static ServerOptions ReadOptions(ConfigurationManager configuration)
    {
        try
        {
            var section = configuration.GetSection(ServerOptions.Section);
            section.Get<GymBridgeOptions>();
            return section.Get<ServerOptions>() ?? new ServerOptions();
        }
        catch (InvalidOperationException error)
        {
            throw new StartupException($"{error.Message} Give it a value of that type (the options are listed in docs/rest.md, \"Options\").", error);
        }
    }

    /// <summary>
    /// ASP.NET Core logs four Information lines per request (hosting and routing); at 10,000 steps/s that was a
    /// tenth of the CPU and 10 MB of log a second. They stay available: set <c>Logging:LogLevel:Microsoft.AspNetCore</c>.
    /// The hosting diagnostics' logger is switched off altogether: while it is enabled at any level, every request
    /// gets a log scope and an <see cref="System.Diagnostics.Activity"/> (~650 B per request, docs/performance.md, "REST");
    /// the errors it would log are the error middleware's and Kestrel's to log. <c>Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics</c> brings it back.
    /// </summary>
    private static void QuietRequestLogging(WebApplicationBuilder builder)
    {
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
    }

    private static void Configure(WebApplication app, ServerOptions options)
    {
        app.UseMiddleware<RequestMetricsMiddleware>();
        // The browser guards first (docs/rest.md, "Security"): foreign Host names, foreign Origins, bodies of other types.
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<HostCheckMiddleware>();
        app.UseMiddleware<OriginCheckMiddleware>();
        app.UseMiddleware<BodyGuardMiddleware>();
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseMiddleware<ApiKeyMiddleware>();
        // Only where they serve: on every path the WebSocket middleware allocates a handshake feature per request and
        // the Swagger UI middleware an async state machine (docs/performance.md, "REST").
        app.UseWhen(context => context.Request.Path.StartsWithSegments(GymiePath, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) }));
        if (app.Environment.WebRootFileProvider is not NullFileProvider)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        app.UseWhen(context => context.Request.Path.StartsWithSegments(DocsPath, StringComparison.OrdinalIgnoreCase), branch => branch.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = DocsPath[1..];
            ui.SwaggerEndpoint(OpenApiDocs.Path, "GymBridge REST API");
            ui.DocumentTitle = "GymBridge REST API";
        }));
        app.UseRouting();
        app.UseMiddleware<EndpointCountingMiddleware>();
        app.UseMiddleware<RequestTimeLimitMiddleware>();

        var api = app.Services.GetRequiredService<ApiServices>();
        EnvEndpoints.Map(app, api);
        StepEndpoints.Map(app, api);
        SpaceEndpoints.Map(app, api);
        VectorEnvEndpoints.Map(app, api);
        VectorStepEndpoints.Map(app, api);
        TransitionEndpoints.Map(app, api);
        MonitorEndpoints.Map(app, api);
        RecordingEndpoints.Map(app, api);
        EpisodeEndpoints.Map(app, api);
        ServerEndpoints.Map(app, api);
        HealthEndpoint.Map(app, api);
        OpenApiDocs.Map(app, api.Stats);
        var gymie = app.Services.GetRequiredService<GymieSocketHandler>();
        app.Map(GymiePath, gymie.HandleAsync).WithDisplayName("gym").WithMetadata(api.Stats.Counter("gym"));

        // Unknown routes (also those that look like file names) answer in the API's error shape too.
        app.MapFallback("{**path}", context => throw new ApiException(StatusCodes.Status404NotFound, ErrorKinds.NotFound,
            $"No route for {context.Request.Method} {context.Request.Path}; see /docs for the API."));
    }
}
