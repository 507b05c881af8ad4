using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

/// <summary>/api/registry/repositories: tags with digests and sizes, and removing a tag while its manifest stays.</summary>
[Collection(SharedDaasServer.Name)]
public sealed class RegistryRepositoriesTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Repositories_ListTagsWithSizes_AndTagDeleteRemovesOnlyTheTag()
    {
        // Given one image pushed under two tags
        await fixture.BuildAndPushAsync("regapi", "regapi v1");
        await fixture.Docker("tag", $"{Server.RegistryHost}/regapi:latest", $"{Server.RegistryHost}/regapi:extra");
        await fixture.Docker("push", $"{Server.RegistryHost}/regapi:extra");

        // When the repositories are listed
        var (status, body) = await Server.ApiAsync(HttpMethod.Get, "api/registry/repositories");

        // Then the repository has both tags on one digest, each sized as its manifest plus config and layers
        Assert.Equal(HttpStatusCode.OK, status);
        var repository = body.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "regapi");
        var tags = repository.GetProperty("tags").EnumerateArray().ToList();
        Assert.Equal(["extra", "latest"], tags.Select(t => t.GetProperty("tag").GetString()));
        var digest = tags[1].GetProperty("digest").GetString()!;
        Assert.Equal(digest, tags[0].GetProperty("digest").GetString());
        var (manifestBytes, manifest) = await ManifestAsync("regapi", "latest");
        var expected = manifestBytes + manifest.GetProperty("config").GetProperty("size").GetInt64()
            + manifest.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("size").GetInt64());
        Assert.Equal(expected, tags[1].GetProperty("sizeBytes").GetInt64());
        Assert.Equal(manifest.GetProperty("mediaType").GetString(), tags[1].GetProperty("mediaType").GetString());
        Assert.True(repository.GetProperty("sizeBytes").GetInt64() >= expected);

        // When one tag is deleted
        var (deleted, removed) = await Server.ApiAsync(HttpMethod.Delete, "api/registry/repositories/regapi/tags/extra");

        // Then it says what went, the tag is gone, the other tag and the manifest stay
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(("regapi", "extra", digest), (removed.GetProperty("repository").GetString(), removed.GetProperty("tag").GetString(), removed.GetProperty("digest").GetString()));
        var (_, after) = await Server.ApiAsync(HttpMethod.Get, "api/registry/repositories");
        Assert.Equal(["latest"], after.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "regapi").GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"v2/regapi/manifests/{digest}")).StatusCode);

        // And deleting it again, or a tag of an unknown repository, is a 404 that says which
        var (again, problem) = await Server.ApiAsync(HttpMethod.Delete, "api/registry/repositories/regapi/tags/extra");
        Assert.Equal((HttpStatusCode.NotFound, "repository 'regapi' has no tag 'extra'"), (again, problem.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.ApiAsync(HttpMethod.Delete, "api/registry/repositories/noregrepo/tags/latest")).Status);
    }

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        return await Server.Http.SendAsync(request);
    }

    private async Task<(long Bytes, JsonElement Manifest)> ManifestAsync(string repository, string tag)
    {
        using var response = await GetAsync($"v2/{repository}/manifests/{tag}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (bytes.Length, JsonDocument.Parse(bytes).RootElement.Clone());
    }
}
