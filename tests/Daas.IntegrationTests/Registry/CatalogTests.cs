using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

/// <summary>Runs its own DaaS, so the catalog holds exactly the repositories these tests push.</summary>
public sealed class CatalogTests : IAsyncLifetime
{
    private DaasServer _server = null!;
    private RegistryHttp _registry = null!;

    public async Task InitializeAsync()
    {
        _server = await DaasServer.StartAsync();
        _registry = new RegistryHttp(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Catalog_paged_with_n_lists_every_repository_once_in_lexical_order()
    {
        // Given three repositories with a manifest (pushed by digest: no tag, so no deploy), nested
        // names included, and one with only a blob
        foreach (var repository in new[] { "zeta", "alpha/api", "alpha" })
        {
            await _registry.PushImageAsync(repository);
        }

        await _registry.PushBlobAsync("blobs-only", "x"u8.ToArray());

        // When the catalog is read two at a time, following the Link header
        using var first = await _registry.SendAsync(HttpMethod.Get, "v2/_catalog?n=2");
        var next = RegistryHttp.NextLink(first);
        using var second = await _registry.SendAsync(HttpMethod.Get, next!);

        // Then the pages split the sorted list and the last page has no Link
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["alpha", "alpha/api"], await RepositoriesAsync(first));
        Assert.Equal("/v2/_catalog?n=2&last=alpha%2Fapi", next);
        Assert.Equal(["zeta"], await RepositoriesAsync(second));
        Assert.Null(RegistryHttp.NextLink(second));
    }

    [Fact]
    public async Task Catalog_with_n_zero_is_an_empty_list_without_Link()
    {
        await _registry.PushImageAsync("one");

        using var response = await _registry.SendAsync(HttpMethod.Get, "v2/_catalog?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await RepositoriesAsync(response));
        Assert.Null(RegistryHttp.NextLink(response));
    }

    private static async Task<string[]> RepositoriesAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("repositories").EnumerateArray().Select(name => name.GetString()!).ToArray();
    }
}
