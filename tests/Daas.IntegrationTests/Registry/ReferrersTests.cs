using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class ReferrersTests(DaasFixture fixture)
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string SignatureConfig = "application/vnd.example.signature.config.v1+json";
    private readonly RegistryHttp _registry = new(fixture.Server);

    [Fact]
    public async Task Referrers_pushed_before_and_after_their_subject_are_all_listed_with_artifact_types()
    {
        // Given an image that is not pushed yet, an SBOM artifact pushed first with it as subject,
        const string repository = "spec/referrers";
        var subjectManifest = RegistryHttp.ImageManifest(RegistryHttp.Descriptor(RegistryHttp.EmptyJson, RegistryHttp.DigestOf("{}"), 2), []);
        var subject = RegistryHttp.Descriptor(RegistryHttp.OciManifest, RegistryHttp.DigestOf(subjectManifest.ToJsonString()), subjectManifest.ToJsonString().Length);
        var config = await _registry.PushBlobAsync(repository, "{}"u8.ToArray(), RegistryHttp.EmptyJson);
        var sbomManifest = RegistryHttp.ImageManifest(config, [], Sbom, subject, new Dictionary<string, string> { ["org.example.format"] = "spdx" });
        using var sbomPut = await _registry.PutManifestAsync(repository, RegistryHttp.DigestOf(sbomManifest.ToJsonString()), sbomManifest.ToJsonString(), RegistryHttp.OciManifest);

        // and then the image, a signature without artifactType, and an index that refers to it
        await _registry.PushManifestAsync(repository, "v1", subjectManifest);
        var signature = await _registry.PushImageAsync(repository, subject: subject, configMediaType: SignatureConfig);
        var index = await _registry.PushManifestAsync(repository, "signed-index", RegistryHttp.IndexManifest([signature], subject: subject));

        // When the referrers of the image are asked for
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{repository}/referrers/{subject["digest"]}");

        // Then the early push was accepted with OCI-Subject, and the answer is an OCI index of all three
        Assert.Equal(HttpStatusCode.Created, sbomPut.StatusCode);
        Assert.Equal(subject["digest"]!.GetValue<string>(), sbomPut.Headers.GetValues("OCI-Subject").Single());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RegistryHttp.OciIndex, response.Content.Headers.ContentType?.MediaType);
        var manifests = await ManifestsAsync(response);
        Assert.Equal(3, manifests.Count);
        var sbom = manifests[RegistryHttp.DigestOf(sbomManifest.ToJsonString())];
        Assert.Equal(Sbom, sbom.GetProperty("artifactType").GetString());
        Assert.Equal("spdx", sbom.GetProperty("annotations").GetProperty("org.example.format").GetString());
        Assert.Equal(RegistryHttp.OciManifest, sbom.GetProperty("mediaType").GetString());
        Assert.Equal(sbomManifest.ToJsonString().Length, sbom.GetProperty("size").GetInt64());
        Assert.Equal(SignatureConfig, manifests[signature["digest"]!.GetValue<string>()].GetProperty("artifactType").GetString());
        var indexDescriptor = manifests[index["digest"]!.GetValue<string>()];
        Assert.Equal(RegistryHttp.OciIndex, indexDescriptor.GetProperty("mediaType").GetString());
        Assert.False(indexDescriptor.TryGetProperty("artifactType", out _));
    }

    [Fact]
    public async Task Referrers_filtered_by_artifactType_list_only_that_type_and_say_the_filter_was_applied()
    {
        // Given an image with an SBOM and a signature
        const string repository = "spec/referrers-filter";
        var image = await _registry.PushImageAsync(repository, "v1");
        var sbom = await _registry.PushImageAsync(repository, artifactType: Sbom, subject: image);
        await _registry.PushImageAsync(repository, artifactType: "application/vnd.example.signature.v1", subject: image);

        // When only SBOMs are asked for
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{repository}/referrers/{image["digest"]}?artifactType={Uri.EscapeDataString(Sbom)}");

        // Then only the SBOM is listed and OCI-Filters-Applied says so
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("artifactType", response.Headers.GetValues("OCI-Filters-Applied").Single());
        Assert.Equal([sbom["digest"]!.GetValue<string>()], (await ManifestsAsync(response)).Keys);
    }

    [Theory]
    [InlineData("spec/referrers-filter")]
    [InlineData("spec/no-such-repository")]
    public async Task Referrers_of_an_unknown_digest_are_an_empty_index(string repository)
    {
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{repository}/referrers/sha256:{new string('0', 64)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RegistryHttp.OciIndex, response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("OCI-Filters-Applied"));
        Assert.Empty(await ManifestsAsync(response));
    }

    [Fact]
    public async Task Referrers_of_an_invalid_digest_are_400_DIGEST_INVALID()
    {
        using var response = await _registry.SendAsync(HttpMethod.Get, "v2/spec/referrers/sha256:not-hex");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await RegistryHttp.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_deleted_referrer_is_no_longer_listed()
    {
        // Given an image with one referrer
        const string repository = "spec/referrers-delete";
        var image = await _registry.PushImageAsync(repository, "v1");
        var referrer = await _registry.PushImageAsync(repository, artifactType: Sbom, subject: image);

        // When the referrer is deleted
        using var delete = await _registry.SendAsync(HttpMethod.Delete, $"v2/{repository}/manifests/{referrer["digest"]}");
        using var response = await _registry.SendAsync(HttpMethod.Get, $"v2/{repository}/referrers/{image["digest"]}");

        // Then the referrers list is empty
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Empty(await ManifestsAsync(response));
    }

    /// <summary>The index's descriptors by digest, after checking it is a schema 2 OCI index.</summary>
    private static async Task<Dictionary<string, JsonElement>> ManifestsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, document.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(RegistryHttp.OciIndex, document.RootElement.GetProperty("mediaType").GetString());
        return document.RootElement.GetProperty("manifests").EnumerateArray()
            .ToDictionary(descriptor => descriptor.GetProperty("digest").GetString()!, descriptor => descriptor.Clone());
    }
}
