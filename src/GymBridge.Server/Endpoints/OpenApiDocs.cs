using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// The OpenAPI 3.1 document, generated from the mapped routes and their body metadata (<see cref="RouteMapping"/>)
/// and served at /openapi.json, where the Swagger UI at /docs reads it.
/// </summary>
internal static class OpenApiDocs
{
    public const string Path = "/openapi.json";

    public static void AddServices(IServiceCollection services)
    {
        // The schemas of Endpoints/Bodies are named as the bodies spell them (env_id, instance_id).
        // Numbers as numbers (the web defaults would also allow them as strings, and say so in every schema).
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(openApi => openApi.AddOperationTransformer(DescribeBodyAsync).AddDocumentTransformer(async (document, context, cancellationToken) =>
        {
            var health = await context.GetOrCreateSchemaAsync(typeof(Bodies.HealthReply), cancellationToken: cancellationToken).ConfigureAwait(false);
            Describe(document, health);
        }));
    }

    public static void Map(IEndpointRouteBuilder routes, Monitoring.ServerStats stats) =>
        routes.MapOpenApi(Path).WithDisplayName("openapi").WithMetadata(stats.Counter("openapi"));

    private static async Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyShape>().FirstOrDefault() is not { } shape)
        {
            return;
        }

        var document = context.Document!;
        var name = shape.Type.Name;
        document.AddComponent(name, await context.GetOrCreateSchemaAsync(shape.Type, cancellationToken: cancellationToken).ConfigureAwait(false));
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = !shape.Optional,
            Content = RouteMapping.BodyTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchemaReference(name, document) }),
        };
    }

    private static void Describe(OpenApiDocument document, OpenApiSchema health)
    {
        document.Info = new OpenApiInfo
        {
            Title = "GymBridge REST API",
            Version = "1.0",
            Description = "Gymnasium envs over HTTP, compatible with openai/gym-http-api, its Gymnasium forks and cloudkj/gymnasium-http-api. " +
                "Trailing slashes are optional. Bodies are JSON, or MessagePack with Content-Type/Accept application/msgpack. See docs/rest.md.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-API-Key",
            Description = "Needed on /v1, /gym and /stats when the server has an API key (also accepted as ?api_key=).",
        };
        document.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];

        // MapHealthChecks and the Gymie WebSocket map no MethodInfo the API explorer could describe.
        var healthReply = new OpenApiMediaType { Schema = health };
        document.Paths.Add(HealthEndpoint.Path, new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new OpenApiOperation
                {
                    Summary = "Health of the worker pool: the gymbridge health check",
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse { Description = "ok, or degraded (some workers restarting or down)", Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = healthReply } },
                        ["503"] = new OpenApiResponse { Description = "unhealthy: no worker runs", Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = healthReply } },
                    },
                },
            },
        });

        // The Gymie WebSocket answers any method (the upgrade is a GET), so the API explorer does not list it.
        document.Paths.Add("/gym", new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new OpenApiOperation
                {
                    Summary = "WebSocket, Gymie protocol ({method, params}); ?protocol=gymnasium for the modern variant",
                    Responses = new OpenApiResponses { ["101"] = new OpenApiResponse { Description = "Switching Protocols: the WebSocket is open" } },
                },
            },
        });
    }
}
