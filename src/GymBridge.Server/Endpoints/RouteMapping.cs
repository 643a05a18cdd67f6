using GymBridge.Server.Monitoring;

namespace GymBridge.Server.Endpoints;

/// <summary>Maps a route with its request counter. ASP.NET Core routing already treats a trailing slash as optional.</summary>
internal static class RouteMapping
{
    public static IEndpointConventionBuilder Map(this IEndpointRouteBuilder routes, ServerStats stats, string method, string pattern, string name, RequestDelegate handler) =>
        routes.MapMethods(pattern, [method], handler).WithDisplayName(name).WithMetadata(stats.Counter(name));
}
