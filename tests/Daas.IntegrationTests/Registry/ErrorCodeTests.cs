using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

/// <summary>Malformed or unknown requests, each answered with the spec's status and error code.</summary>
[Collection(SharedDaasServer.Name)]
public sealed class ErrorCodeTests(DaasFixture fixture)
{
    private const string Repository = "spec/errors";
    private const string UnknownDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string UnknownUpload = "0123456789abcdef0123456789abcdef";
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Theory]
    [InlineData("GET", "v2/Upper/Case/tags/list", HttpStatusCode.BadRequest, "NAME_INVALID")]
    [InlineData("GET", "v2/bad..name/manifests/latest", HttpStatusCode.BadRequest, "NAME_INVALID")]
    [InlineData("POST", "v2/-leading-dash/blobs/uploads/", HttpStatusCode.BadRequest, "NAME_INVALID")]
    [InlineData("GET", "v2/spec/errors/blobs/sha256:xyz", HttpStatusCode.BadRequest, "DIGEST_INVALID")]
    [InlineData("HEAD", "v2/spec/errors/blobs/md5:abc", HttpStatusCode.BadRequest, null)]
    [InlineData("GET", "v2/spec/errors/manifests/sha256:short", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("HEAD", "v2/spec/errors/manifests/sha256:short", HttpStatusCode.NotFound, null)]
    [InlineData("GET", "v2/spec/errors/manifests/-not-a-tag", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("HEAD", "v2/spec/errors/manifests/-not-a-tag", HttpStatusCode.NotFound, null)]
    [InlineData("GET", "v2/spec/errors/blobs/" + UnknownDigest, HttpStatusCode.NotFound, "BLOB_UNKNOWN")]
    [InlineData("GET", "v2/spec/errors/manifests/" + UnknownDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("GET", "v2/spec/errors/manifests/no-such-tag", HttpStatusCode.NotFound, "MANIFEST_UNKNOWN")]
    [InlineData("GET", "v2/spec/errors/blobs/uploads/" + UnknownUpload, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("PATCH", "v2/spec/errors/blobs/uploads/" + UnknownUpload, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("PUT", "v2/spec/errors/blobs/uploads/" + UnknownUpload + "?digest=" + UnknownDigest, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("DELETE", "v2/spec/errors/blobs/uploads/not-an-upload-id", HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN")]
    public async Task A_malformed_or_unknown_reference_gets_the_spec_status_and_code(string method, string path, HttpStatusCode status, string? code)
    {
        // When the request is sent
        using var response = await _registry.SendAsync(new HttpMethod(method), path);

        // Then it gets the status, and (with a body) the error code
        Assert.Equal(status, response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, await RegistryHttp.ErrorCodeAsync(response));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"schemaVersion":1}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:abc","size":1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222"},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":2},"layers":[],"subject":{"digest":"nope"}}""")]
    public async Task An_invalid_manifest_is_400_MANIFEST_INVALID(string manifest)
    {
        using var response = await _registry.PutManifestAsync(Repository, "invalid", manifest, RegistryHttp.OciManifest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MANIFEST_INVALID", await RegistryHttp.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_manifest_referencing_a_missing_blob_is_400_MANIFEST_BLOB_UNKNOWN()
    {
        // Given a config blob in the repository but a layer that was never pushed
        var config = await _registry.PushBlobAsync(Repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);
        var missing = RegistryHttp.Descriptor("application/vnd.oci.image.layer.v1.tar", UnknownDigest, 10);

        // When a manifest naming both is pushed
        using var response = await _registry.PutManifestAsync(Repository, "missing-layer", RegistryHttp.ImageManifest(config, [missing]).ToJsonString(), RegistryHttp.OciManifest);

        // Then it is refused as a bad request with MANIFEST_BLOB_UNKNOWN
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", await RegistryHttp.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("-not-a-tag", "TAG_INVALID")]
    [InlineData("sha256:short", "DIGEST_INVALID")]
    public async Task A_manifest_pushed_under_a_reference_that_is_neither_tag_nor_digest_is_400(string reference, string code)
    {
        // Given a valid manifest
        var config = await _registry.PushBlobAsync(Repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);

        // When it is pushed under a malformed reference
        using var response = await _registry.PutManifestAsync(Repository, reference, RegistryHttp.ImageManifest(config, []).ToJsonString(), RegistryHttp.OciManifest);

        // Then it is refused with 400 and the code for the kind of reference it looks like
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await RegistryHttp.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_manifest_pushed_under_another_digest_is_400_DIGEST_INVALID()
    {
        var config = await _registry.PushBlobAsync(Repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);

        using var response = await _registry.PutManifestAsync(Repository, UnknownDigest, RegistryHttp.ImageManifest(config, []).ToJsonString(), RegistryHttp.OciManifest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await RegistryHttp.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_chunk_that_does_not_start_at_the_end_of_the_upload_is_416()
    {
        // Given an upload holding 3 bytes
        var location = await StartUploadAsync();
        using (var first = await PatchAsync(location, "abc", "0-2"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            Assert.Equal("0-2", first.Headers.GetValues("Range").Single());
        }

        // When the next chunk claims to start at byte 5
        using var response = await PatchAsync(location, "zzz", "5-7");

        // Then it is refused with 416, and the upload still holds 3 bytes
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("BLOB_UPLOAD_INVALID", await RegistryHttp.ErrorCodeAsync(response));
        using var status = await _registry.SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-2", status.Headers.GetValues("Range").Single());
    }

    [Fact]
    public async Task An_upload_completed_with_the_wrong_digest_is_400_DIGEST_INVALID()
    {
        var location = await StartUploadAsync();

        using var body = new ByteArrayContent("hello"u8.ToArray());
        using var response = await _registry.SendAsync(HttpMethod.Put, $"{location}?digest={UnknownDigest}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await RegistryHttp.ErrorCodeAsync(response));
    }

    private async Task<string> StartUploadAsync()
    {
        using var response = await _registry.SendAsync(HttpMethod.Post, $"v2/{Repository}/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, string chunk, string range)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(chunk));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.TryAddWithoutValidation("Content-Range", range);
        return await _registry.SendAsync(HttpMethod.Patch, location, body);
    }
}
