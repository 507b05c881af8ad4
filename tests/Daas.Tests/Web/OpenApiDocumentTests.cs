using System.Text.Json.Serialization.Metadata;
using Daas.Metrics;
using Daas.Registry.Api;
using Daas.Registry.Storage;
using Daas.State;
using Daas.Tls;
using Daas.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
        // Arrange: the routes as Program maps them; handlers' services are stand-ins that are never built
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddWeb();
        // As under Native AOT: no reflection fallback, so every schema must come from source-generated metadata
        builder.Services.PostConfigure<JsonOptions>(json =>
        {
            foreach (var reflection in json.SerializerOptions.TypeInfoResolverChain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                json.SerializerOptions.TypeInfoResolverChain.Remove(reflection);
            }
        });
        builder.Services.AddAuthorization();
        StandIn<AppRepository>(builder.Services);
        StandIn<ReleaseRepository>(builder.Services);
        StandIn<StorageUsage>(builder.Services);
        StandIn<GarbageCollector>(builder.Services);
        StandIn<CertificateManager>(builder.Services);
        StandIn<MetricsPage>(builder.Services);
        await using var app = builder.Build();
        app.MapRegistry();
        app.MapWeb();
        app.MapMetrics();
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

    private static void StandIn<T>(IServiceCollection services)
        where T : class =>
        services.AddSingleton<T>(_ => throw new InvalidOperationException($"{typeof(T).Name} is a stand-in: the test only maps routes"));
}
