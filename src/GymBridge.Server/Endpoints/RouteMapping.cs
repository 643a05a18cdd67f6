using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Server.Monitoring;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// Maps a route with its request counter and its OpenAPI description. ASP.NET Core routing already treats a trailing
/// slash as optional. The handlers are plain <see cref="RequestDelegate"/>s (they read and write GymValue bodies
/// themselves), so the bodies' shapes are given as metadata for the generated document.
/// </summary>
internal static class RouteMapping
{
    /// <summary>The media types every GymValue body may be sent and answered in.</summary>
    public static readonly string[] BodyTypes = ["application/json", "application/msgpack"];

    private static readonly int[] ErrorStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable,
    ];

    public static IEndpointConventionBuilder Map(this IEndpointRouteBuilder routes, ServerStats stats, string method, string pattern, string name, RequestDelegate handler)
    {
        var builder = routes.MapMethods(pattern, [method], handler)
            .WithDisplayName(name)
            .WithMetadata(stats.Counter(name), handler.Method) // the method lets the API explorer describe a RequestDelegate route
            .WithTags(pattern.StartsWith("/v1/vector_envs", StringComparison.Ordinal) ? "vector_envs" : pattern.StartsWith("/v1/envs", StringComparison.Ordinal) ? "envs" : "server");
        foreach (var status in ErrorStatuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorReply), ["application/json"]));
        }

        return builder;
    }

    /// <summary>
    /// Documents the request body (JSON or MessagePack). Not as <c>AcceptsMetadata</c>: routing would then match on the
    /// Content-Type, and the legacy clients send bodies under other types (BodyGuardMiddleware decides those).
    /// </summary>
    public static IEndpointConventionBuilder Takes<TBody>(this IEndpointConventionBuilder builder, bool optional = false) =>
        builder.WithMetadata(new RequestBodyShape(typeof(TBody), optional));

    /// <summary>Documents the 200 reply (JSON or MessagePack, as the request's Accept asks) and what the route does.</summary>
    public static IEndpointConventionBuilder Gives<TReply>(this IEndpointConventionBuilder builder, string summary) =>
        builder.Gives(typeof(TReply), summary, BodyTypes);

    public static IEndpointConventionBuilder Gives(this IEndpointConventionBuilder builder, Type reply, string summary, params string[] contentTypes) =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, reply, contentTypes)).WithSummary(summary);
}

/// <summary>The shape of a route's request body, for <see cref="OpenApiDocs"/> only.</summary>
internal sealed record RequestBodyShape(Type Type, bool Optional);
