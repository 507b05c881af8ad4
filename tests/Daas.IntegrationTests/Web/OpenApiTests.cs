using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

/// <summary>
/// /openapi/v1.json: served to a user with credentials, it describes only /api routes, each named
/// and summarized, and every operation it lists refuses a request without credentials. That it
/// lists every /api route DaaS maps is checked against the route table in Daas.Tests (OpenApiDocumentTests).
/// </summary>
[Collection(SharedDaasServer.Name)]
public sealed class OpenApiTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task OpenApiDocument_DescribesOnlyApiRoutes_EachOfWhichRefusesAnonymousRequests()
    {
        // Given the document, read with credentials (and refused without)
        using (var anonymous = await Server.Http.GetAsync("openapi/v1.json"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var (status, document) = await Server.ApiAsync(HttpMethod.Get, "openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var paths = document.GetProperty("paths").EnumerateObject().ToList();

        // Then it lists the API's routes, and only them
        Assert.All(paths, path => Assert.StartsWith("/api/", path.Name, StringComparison.Ordinal));
        Assert.Contains(paths, p => p.Name == "/api/apps/{app}/logs");
        Assert.Contains(paths, p => p.Name == "/api/registry/repositories/{name}/tags/{tag}");

        // And every operation is named and summarized, and without credentials answers 401
        foreach (var path in paths)
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {path.Name} has no name");
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{operation.Name} {path.Name} has no summary");
                var url = path.Name.TrimStart('/').Replace("{app}", "someapp", StringComparison.Ordinal).Replace("{name}", "somerepo", StringComparison.Ordinal)
                    .Replace("{tag}", "sometag", StringComparison.Ordinal);
                Assert.DoesNotContain("{", url, StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url);
                using var response = await Server.Http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Name} {url} answered {response.StatusCode} without credentials");
            }
        }
    }
}
