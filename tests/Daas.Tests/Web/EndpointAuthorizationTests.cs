using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

using Daas.Tests.TestSupport;

namespace Daas.Tests.Web;

/// <summary>
/// Every route DaaS maps on its own host (pages, form posts, fragments, API, registry, metrics,
/// OpenAPI) needs credentials, except the few a browser must reach before signing in: the sign-in
/// form and the static files it uses. Read from the route table, so a route added later without
/// authorization fails here.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /sign-in",
        "POST /sign-in",
        "GET /static/{file}",
        "HEAD /static/{file}",
    };

    [Fact]
    public async Task EveryRoute_NeedsCredentials_ExceptSignInAndItsStaticFiles()
    {
        // Arrange: the routes as Program maps them
        await using var app = MappedRoutes.Build();

        // Act
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => (Route: $"{method} {e.RoutePattern.RawText}", Endpoint: e)))
            .ToList();

        // Assert
        var open = routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || r.Endpoint.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(r => r.Route).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Public.Order(StringComparer.Ordinal), open);
        Assert.Contains(routes, r => r.Route == "POST /apps/{app}/env");
        Assert.Contains(routes, r => r.Route == "GET /api/apps/{app}/logs");
        Assert.Contains(routes, r => r.Route.StartsWith("GET /openapi/", StringComparison.Ordinal));
        Assert.True(routes.Count > 40, $"only {routes.Count} routes were mapped: the test would prove little");
    }
}
