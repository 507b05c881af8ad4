using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;

using Daas.Tests.TestSupport;

namespace Daas.Tests.Web;

/// <summary>
/// The OpenAPI document against the route table DaaS maps (API, registry, metrics): it holds every
/// /api route and method and nothing else, and each /api route is named, summarized and needs credentials.
/// Built without reflection-based JSON, as under Native AOT, where a type missing from
/// WebJsonContext makes the document fail.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Document_ListsExactlyTheApiRoutes_EachNamedSummarizedAndAuthorized()
    {
        // Arrange: the routes as Program maps them, built without reflection-based JSON as under Native AOT
        await using var app = MappedRoutes.Build(builder => builder.Services.PostConfigure<JsonOptions>(json =>
        {
            foreach (var reflection in json.SerializerOptions.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                json.SerializerOptions.TypeInfoResolverChain.Remove(reflection);
            }
        }));
        var api = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(); // building the pipeline hands the mapped routes to the API description

        // Act
        var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();

        await app.StopAsync();

        // Assert
        var described = document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {Normalize(p.Key)}")).Order(StringComparer.Ordinal).ToList();
        var mapped = api.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, described);
        Assert.Contains("GET /api/apps/{app}/logs", mapped);
        Assert.All(api, e =>
        {
            Assert.NotNull(e.Metadata.GetMetadata<IAuthorizeData>());
            Assert.NotNull(e.Metadata.GetMetadata<IEndpointNameMetadata>());
            Assert.NotNull(e.Metadata.GetMetadata<IEndpointSummaryMetadata>());
        });
    }

    private static string Normalize(string path) => "/" + path.Trim('/');
}
