using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class ManifestPushTests(DaasFixture fixture)
{
    private const string Repository = "spec/manifests";
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Fact]
    public async Task An_artifact_with_the_empty_config_and_a_subject_is_stored_and_answers_OCI_Subject()
    {
        // Given the empty config blob and a subject that was never pushed
        var config = await _registry.PushBlobAsync(Repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);
        var subject = RegistryHttp.Descriptor(RegistryHttp.OciManifest, $"sha256:{new string('7', 64)}", 123);
        var artifact = RegistryHttp.ImageManifest(config, [], "application/vnd.example.note", subject).ToJsonString();

        // When the artifact is pushed by tag
        using var put = await _registry.PutManifestAsync(Repository, "note", artifact, RegistryHttp.OciManifest);

        // Then it is stored byte for byte, and OCI-Subject names the subject
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"sha256:{new string('7', 64)}", put.Headers.GetValues("OCI-Subject").Single());
        Assert.Equal($"/v2/{Repository}/manifests/{RegistryHttp.DigestOf(artifact)}", put.Headers.Location?.OriginalString);
        using var get = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/note");
        Assert.Equal(artifact, await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_manifest_without_subject_answers_no_OCI_Subject()
    {
        var image = await _registry.PushImageAsync(Repository, "plain");

        using var head = await _registry.SendAsync(HttpMethod.Head, $"v2/{Repository}/manifests/plain");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(image["digest"]!.GetValue<string>(), head.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Fact]
    public async Task A_manifest_declaring_the_wrong_size_of_a_blob_is_400_MANIFEST_INVALID()
    {
        // Given a 64-byte layer, declared as 65 bytes
        var config = await _registry.PushBlobAsync(Repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);
        var layer = await _registry.PushBlobAsync(Repository, new byte[64]);
        layer["size"] = 65;
        var manifest = RegistryHttp.ImageManifest(config, [layer]).ToJsonString();

        // When the manifest is pushed
        using var put = await _registry.PutManifestAsync(Repository, "wrong-size", manifest, RegistryHttp.OciManifest);

        // Then it is refused, and the detail says it is the size of that blob
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await RegistryHttp.ErrorCodeAsync(put));
        var detail = await RegistryHttp.ErrorDetailAsync(put);
        Assert.Contains("size mismatch", detail, StringComparison.Ordinal);
        Assert.Contains(layer["digest"]!.GetValue<string>(), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_declaring_the_wrong_size_of_a_manifest_is_400_MANIFEST_INVALID()
    {
        var image = await _registry.PushImageAsync(Repository);
        image["size"] = image["size"]!.GetValue<long>() - 1;

        using var put = await _registry.PutManifestAsync(Repository, "wrong-index", RegistryHttp.IndexManifest([image]).ToJsonString(), RegistryHttp.OciIndex);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await RegistryHttp.ErrorCodeAsync(put));
    }

    [Fact]
    public async Task An_index_naming_a_manifest_that_was_never_pushed_is_400_MANIFEST_BLOB_UNKNOWN()
    {
        // Given a child manifest descriptor whose manifest is not in the repository
        var missing = RegistryHttp.Descriptor(RegistryHttp.OciManifest, $"sha256:{new string('3', 64)}", 321);

        // When an index naming it is pushed
        using var put = await _registry.PutManifestAsync(Repository, "missing-child", RegistryHttp.IndexManifest([missing]).ToJsonString(), RegistryHttp.OciIndex);

        // Then it is refused as a bad request with MANIFEST_BLOB_UNKNOWN, and the tag does not exist
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryHttp.ErrorCodeAsync(put));
        using var get = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/missing-child");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(get));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData(RegistryHttp.OciManifest, HttpStatusCode.OK)]
    [InlineData(RegistryHttp.DockerManifest + ", " + RegistryHttp.OciManifest, HttpStatusCode.OK)]
    [InlineData(RegistryHttp.DockerManifest + ", */*", HttpStatusCode.OK)]
    [InlineData(RegistryHttp.DockerManifest, HttpStatusCode.NotFound)]
    [InlineData(RegistryHttp.OciIndex, HttpStatusCode.NotFound)]
    public async Task An_OCI_manifest_is_served_only_to_a_client_that_accepts_its_type(string? accept, HttpStatusCode status)
    {
        // Given an OCI image manifest
        await _registry.PushImageAsync(Repository, "negotiated");

        // When it is fetched (GET and HEAD) with the Accept header
        using var get = await _registry.SendAsync(HttpMethod.Get, $"v2/{Repository}/manifests/negotiated", accept: accept);
        using var head = await _registry.SendAsync(HttpMethod.Head, $"v2/{Repository}/manifests/negotiated", accept: accept);

        // Then it is served as stored, or refused with MANIFEST_UNKNOWN naming the stored type
        Assert.Equal(status, get.StatusCode);
        Assert.Equal(status, head.StatusCode);
        if (status == HttpStatusCode.OK)
        {
            Assert.Equal(RegistryHttp.OciManifest, get.Content.Headers.ContentType?.MediaType);
            return;
        }

        Assert.Equal("MANIFEST_UNKNOWN", await RegistryHttp.ErrorCodeAsync(get));
        Assert.Contains(RegistryHttp.OciManifest, await RegistryHttp.ErrorDetailAsync(get), StringComparison.Ordinal);
    }
}
