using System.Text;
using System.Text.Json;
using Daas.Registry.Api;
using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Tests.Registry.Api;

public sealed class ReferrersIndexTests
{
    private const string Subject = "sha256:5555555555555555555555555555555555555555555555555555555555555555";
    private const string Empty = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    [Fact]
    public void Build_NoReferrers_IsEmptyOciIndex()
    {
        // Act
        var json = Encoding.UTF8.GetString(ReferrersIndex.Build([], []));

        // Assert
        Assert.Equal("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""", json);
    }

    [Fact]
    public void Build_ArtifactWithAnnotations_ListsDescriptorWithArtifactTypeAndAnnotations()
    {
        // Arrange
        var sbom = Referrer($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","artifactType":"application/vnd.example.sbom","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{Empty}}}","size":2},"layers":[],"subject":{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{Subject}}}","size":10},"annotations":{"org.example.kind":"sbom"}}""");

        // Act
        var manifests = Manifests(ReferrersIndex.Build([sbom], []));

        // Assert
        var descriptor = Assert.Single(manifests);
        Assert.Equal(MediaTypes.OciManifest, descriptor.GetProperty("mediaType").GetString());
        Assert.Equal(sbom.Manifest.Digest.ToString(), descriptor.GetProperty("digest").GetString());
        Assert.Equal(sbom.Manifest.Content.Length, descriptor.GetProperty("size").GetInt64());
        Assert.Equal("application/vnd.example.sbom", descriptor.GetProperty("artifactType").GetString());
        Assert.Equal("sbom", descriptor.GetProperty("annotations").GetProperty("org.example.kind").GetString());
    }

    [Fact]
    public void Build_ManifestWithoutArtifactType_TakesConfigMediaTypeAndOmitsAnnotations()
    {
        var signature = Referrer($$$"""{"schemaVersion":2,"config":{"mediaType":"application/vnd.example.signature","digest":"{{{Empty}}}","size":2},"layers":[],"subject":{"digest":"{{{Subject}}}","size":10}}""");

        var descriptor = Assert.Single(Manifests(ReferrersIndex.Build([signature], [])));

        Assert.Equal("application/vnd.example.signature", descriptor.GetProperty("artifactType").GetString());
        Assert.False(descriptor.TryGetProperty("annotations", out _));
    }

    [Fact]
    public void Build_IndexWithoutArtifactType_OmitsArtifactType()
    {
        var index = Referrer($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[],"subject":{"digest":"{{{Subject}}}","size":10}}""");

        var descriptor = Assert.Single(Manifests(ReferrersIndex.Build([index], [])));

        Assert.Equal(MediaTypes.OciIndex, descriptor.GetProperty("mediaType").GetString());
        Assert.False(descriptor.TryGetProperty("artifactType", out _));
    }

    [Fact]
    public void Build_ArtifactTypeFilter_ListsOnlyMatchingReferrersInDigestOrder()
    {
        // Arrange
        var referrers = "abcd".Select(c => c.ToString())
            .Select(n => Referrer($$$"""{"schemaVersion":2,"artifactType":"application/vnd.example.{{{(n is "b" or "d" ? "sig" : "sbom")}}}","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{Empty}}}","size":2},"layers":[],"annotations":{"n":"{{{n}}}"}}"""))
            .ToList();

        // Act
        var manifests = Manifests(ReferrersIndex.Build(referrers, ["application/vnd.example.sig"]));

        // Assert
        var expected = referrers.Where(r => r.Parsed.ArtifactType == "application/vnd.example.sig").Select(r => r.Manifest.Digest.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, manifests.Select(m => m.GetProperty("digest").GetString()));
    }

    private static (StoredManifest Manifest, ParsedManifest Parsed) Referrer(string json)
    {
        var content = Encoding.UTF8.GetBytes(json);
        var parsed = ManifestParser.Parse(content, null);
        Assert.Null(parsed.Error);
        return (new StoredManifest(Digest.Sha256(content), parsed.MediaType, content), parsed);
    }

    private static List<JsonElement> Manifests(byte[] index)
    {
        using var document = JsonDocument.Parse(index);
        Assert.Equal(2, document.RootElement.GetProperty("schemaVersion").GetInt32());
        return document.RootElement.GetProperty("manifests").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
