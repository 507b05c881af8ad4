using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class ConcurrentPushTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task SameBlob_PushedEightTimesAtOnce_IsStoredOnceAndIntact()
    {
        // Given one 1 MiB blob
        var blob = RandomNumberGenerator.GetBytes(1 << 20);
        var digest = Sha256(blob);

        // When eight monolithic uploads of it race
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PushBlobAsync("concurrent/blob", blob)));

        // Then every upload succeeded and the blob reads back byte for byte
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        using var get = Server.AuthorizedRequest(HttpMethod.Get, $"v2/concurrent/blob/blobs/{digest}");
        using var response = await Server.Http.SendAsync(get);
        Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(await StoreIntegrity.ProblemsAsync(Server.DataDir));
    }

    [Fact]
    public async Task SameTag_PushedWithEightManifestsAtOnce_PointsAtOneWholeManifest()
    {
        // Given eight different manifests, each with its own config blob
        var manifests = new List<byte[]>();
        for (var i = 0; i < 8; i++)
        {
            var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","variant":"{{i}}"}""");
            Assert.Equal(HttpStatusCode.Created, await PushBlobAsync("concurrent/tag", config));
            manifests.Add(Encoding.UTF8.GetBytes(
                $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Sha256(config)}}","size":{{config.Length}}},"layers":[]}"""));
        }

        // When all are PUT to the same tag at once
        var statuses = await Task.WhenAll(manifests.Select(PutManifestAsync));

        // Then all succeeded, and the tag serves one of them whole, under its own digest
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        using var get = Server.AuthorizedRequest(HttpMethod.Get, "v2/concurrent/tag/manifests/latest");
        get.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = await Server.Http.SendAsync(get);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Contains(manifests, m => m.AsSpan().SequenceEqual(body));
        Assert.Equal(Sha256(body), response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    private async Task<HttpStatusCode> PushBlobAsync(string repository, byte[] blob)
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Post, $"v2/{repository}/blobs/uploads/?digest={Sha256(blob)}");
        request.Content = new ByteArrayContent(blob);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await Server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> PutManifestAsync(byte[] manifest)
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Put, "v2/concurrent/tag/manifests/latest");
        request.Content = new ByteArrayContent(manifest);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using var response = await Server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
