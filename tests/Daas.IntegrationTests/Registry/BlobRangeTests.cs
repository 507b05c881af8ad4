using System.Net;
using System.Security.Cryptography;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class BlobRangeTests(DaasFixture fixture)
{
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Fact]
    public async Task A_blob_GET_with_a_Range_header_answers_206_with_just_those_bytes()
    {
        // Given a 100-byte blob
        var content = RandomNumberGenerator.GetBytes(100);
        var blob = await _registry.PushBlobAsync("spec/range", content);

        // When its first ten bytes are asked for
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/spec/range/blobs/{blob["digest"]}", range: "bytes=0-9");

        // Then the answer is 206 Partial Content with a Content-Range and exactly those bytes
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("bytes 0-9/100", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content[..10], await response.Content.ReadAsByteArrayAsync());
    }
}
