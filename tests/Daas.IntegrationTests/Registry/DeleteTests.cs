using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class DeleteTests(DaasFixture fixture)
{
    private const string Repository = "spec/delete";
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Fact]
    public async Task Deleting_a_manifest_by_digest_removes_it_and_every_tag_pointing_at_it()
    {
        // Given a manifest under two tags, and another manifest under a third
        var doomed = await _registry.PushImageAsync(Repository, "one");
        var digest = doomed["digest"]!.GetValue<string>();
        using var tagTwo = await _registry.PutManifestAsync(Repository, "two", await ManifestAsync(digest), RegistryHttp.OciManifest);
        Assert.Equal(HttpStatusCode.Created, tagTwo.StatusCode);
        await _registry.PushImageAsync(Repository, "kept");

        // When the first manifest is deleted by digest
        using var delete = await _registry.SendAsync(HttpMethod.Delete, $"v2/{Repository}/manifests/{digest}");

        // Then it answers 202, the manifest and its tags are gone (GET and HEAD), the other tag stays
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        foreach (var reference in new[] { digest, "one", "two" })
        {
            using var get = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/{reference}");
            using var head = await _registry.SendAsync(HttpMethod.Head, $"v2/{Repository}/manifests/{reference}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(get));
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        using var tags = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/tags/list");
        var list = await tags.Content.ReadAsStringAsync();
        Assert.Contains("\"kept\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"one\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"two\"", list, StringComparison.Ordinal);

        using var again = await _registry.SendAsync(HttpMethod.Delete, $"v2/{Repository}/manifests/{digest}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(again));
    }

    [Fact]
    public async Task Deleting_a_tag_removes_only_the_tag()
    {
        // Given a tagged manifest
        var manifest = await _registry.PushImageAsync(Repository, "temporary");

        // When the tag is deleted
        using var delete = await _registry.SendAsync(HttpMethod.Delete, $"v2/{Repository}/manifests/temporary");

        // Then the tag is gone and the manifest is still there by digest; a second delete is 404
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var byTag = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/temporary");
        Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(byTag));
        using var byDigest = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/{manifest["digest"]}");
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        using var again = await _registry.SendAsync(HttpMethod.Delete, $"v2/{Repository}/manifests/temporary");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(again));
    }

    [Fact]
    public async Task Deleting_a_blob_unlinks_it_from_this_repository_only()
    {
        // Given one blob in two repositories
        var content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var blob = await _registry.PushBlobAsync(Repository, content);
        await _registry.PushBlobAsync("spec/delete-other", content);
        var path = $"v2/{Repository}/blobs/{blob["digest"]}";

        // When it is deleted from the first
        using var delete = await _registry.SendAsync(HttpMethod.Delete, path);

        // Then the first answers 404 BLOB_UNKNOWN (GET, HEAD, DELETE again) and the second still serves it
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var get = await _registry.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("BLOB_UNKNOWN", await RegistryHttp.ErrorCodeAsync(get));
        using var head = await _registry.SendAsync(HttpMethod.Head, path);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using var again = await _registry.SendAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("BLOB_UNKNOWN", await RegistryHttp.ErrorCodeAsync(again));
        using var other = await _registry.SendAsync(HttpMethod.Get, $"v2/spec/delete-other/blobs/{blob["digest"]}");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(content, await other.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("manifests/sha256:abc", HttpStatusCode.BadRequest, "DIGEST_INVALID")]
    [InlineData("manifests/never-tagged", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("manifests/sha256:1111111111111111111111111111111111111111111111111111111111111111", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("blobs/sha256:abc", HttpStatusCode.BadRequest, "DIGEST_INVALID")]
    [InlineData("blobs/sha256:1111111111111111111111111111111111111111111111111111111111111111", HttpStatusCode.NotFound, "BLOB_UNKNOWN")]
    public async Task Deleting_what_is_not_there_answers_the_spec_error(string resource, HttpStatusCode status, string code)
    {
        using var response = await _registry.SendAsync(HttpMethod.Delete, $"v2/{Repository}/{resource}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await RegistryHttp.ErrorCodeAsync(response));
    }

    private async Task<string> ManifestAsync(string digest)
    {
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/{digest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
