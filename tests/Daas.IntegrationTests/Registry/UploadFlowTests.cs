using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class UploadFlowTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task A_chunked_upload_resumed_after_a_status_check_stores_the_whole_blob()
    {
        // Given a 3 MiB blob sent as three chunks
        var blob = RandomNumberGenerator.GetBytes(3 << 20);
        var chunk = 1 << 20;
        using var start = await SendAsync(HttpMethod.Post, "v2/flow/chunked/blobs/uploads/");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();

        // When the first chunk is sent, the client asks where the upload stands, then resumes from there
        using (var first = await PatchAsync(location, blob, 0, chunk))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using var status = await SendAsync(HttpMethod.Get, location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal($"0-{chunk - 1}", status.Headers.GetValues("Range").Single());
        using (var second = await PatchAsync(location, blob, chunk, chunk))
        {
            Assert.Equal($"0-{(2 * chunk) - 1}", second.Headers.GetValues("Range").Single());
        }

        using var third = await PatchAsync(location, blob, 2 * chunk, chunk);
        using var put = await SendAsync(HttpMethod.Put, $"{third.Headers.Location}?digest={RegistryHttp.DigestOf(blob)}");

        // Then the blob is created and reads back byte for byte
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(RegistryHttp.DigestOf(blob), put.Headers.GetValues("Docker-Content-Digest").Single());
        using var get = await SendAsync(HttpMethod.Get, $"v2/flow/chunked/blobs/{RegistryHttp.DigestOf(blob)}");
        Assert.Equal(blob, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_cancelled_upload_is_gone()
    {
        using var start = await SendAsync(HttpMethod.Post, "v2/flow/cancel/blobs/uploads/");
        var location = start.Headers.Location!.ToString();

        using var cancel = await SendAsync(HttpMethod.Delete, location);
        using var status = await SendAsync(HttpMethod.Get, location);

        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", await RegistryHttp.ErrorCodeAsync(status));
    }

    [Fact]
    public async Task A_mount_from_a_repository_holding_the_blob_links_it_without_an_upload()
    {
        // Given a blob in one repository
        var blob = RandomNumberGenerator.GetBytes(4096);
        var digest = RegistryHttp.DigestOf(blob);
        await new RegistryHttp(Server).PushBlobAsync("flow/mount-source", blob);

        // When another repository mounts it, and a third tries to mount from a repository without it
        using var mounted = await SendAsync(HttpMethod.Post, $"v2/flow/mount-target/blobs/uploads/?mount={digest}&from=flow/mount-source");
        using var notMounted = await SendAsync(HttpMethod.Post, $"v2/flow/mount-other/blobs/uploads/?mount={digest}&from=flow/empty");

        // Then the first gets 201 and serves the blob; the second gets an ordinary upload session
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
        Assert.Equal($"/v2/flow/mount-target/blobs/{digest}", mounted.Headers.Location!.ToString());
        using var get = await SendAsync(HttpMethod.Get, $"v2/flow/mount-target/blobs/{digest}");
        Assert.Equal(blob, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Accepted, notMounted.StatusCode);
    }

    [Fact]
    public async Task Docker_push_of_a_shared_layer_to_a_second_repository_mounts_it()
    {
        var first = $"{Server.RegistryHost}/flow/first:1";
        var second = $"{Server.RegistryHost}/flow/second:1";
        await TestImages.BuildAsync(first, "shared layers");
        await fixture.Docker("push", first);
        await fixture.Docker("tag", first, second);

        var output = await fixture.Docker("push", second);

        Assert.Contains("Mounted from flow/first", output, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, byte[] blob, int offset, int count)
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Patch, location);
        request.Content = new ByteArrayContent(blob, offset, count);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + count - 1}");
        return await Server.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = Server.AuthorizedRequest(method, path);
        return await Server.Http.SendAsync(request);
    }
}
