using System.Text;
using Daas.Registry.Api;
using Daas.Registry.Model;

namespace Daas.Tests.Registry.Api;

public sealed class ManifestParserTests
{
    private const string A = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void Parse_DockerImageManifest_ListsConfigAndLayers()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.DockerManifest}}","config":{"digest":"{{A}}","size":1},"layers":[{"digest":"{{B}}","size":2}]}""";

        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.DockerManifest);

        Assert.Null(parsed.Error);
        Assert.Equal(MediaTypes.DockerManifest, parsed.MediaType);
        Assert.False(parsed.IsIndex);
        Assert.Equal([A, B], parsed.Descriptors.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_OciIndexWithoutMediaType_IsRecognisedByShape()
    {
        var json = $$"""{"schemaVersion":2,"manifests":[{"digest":"{{A}}","size":1}]}""";

        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), null);

        Assert.Null(parsed.Error);
        Assert.Equal(MediaTypes.OciIndex, parsed.MediaType);
        Assert.True(parsed.IsIndex);
        Assert.Equal([A], parsed.Descriptors.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_OciArtifactWithSubject_ReadsSubjectArtifactTypeAnnotationsAndSizes()
    {
        // Arrange
        var json = $$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","artifactType":"application/vnd.example.sbom",
             "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{A}}}","size":2},
             "layers":[{"mediaType":"application/json","digest":"{{{B}}}","size":42}],
             "subject":{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{B}}}","size":7},
             "annotations":{"org.example.a":"1"}}
            """;

        // Act
        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciManifest);

        // Assert
        Assert.Null(parsed.Error);
        Assert.Equal("application/vnd.example.sbom", parsed.ArtifactType);
        Assert.Equal("application/vnd.oci.empty.v1+json", parsed.ConfigMediaType);
        Assert.Equal(new Descriptor(MediaTypes.OciManifest, Digest(B), 7), parsed.Subject);
        Assert.Equal([2L, 42L], parsed.Descriptors.Select(d => d.Size));
        Assert.Equal("1", parsed.Annotations["org.example.a"]);
    }

    [Fact]
    public void Parse_OciIndexWithSubject_ReadsSubjectAndListsManifests()
    {
        var json = $$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[{"digest":"{{{A}}}","size":3}],"subject":{"digest":"{{{B}}}","size":5}}""";

        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciIndex);

        Assert.Null(parsed.Error);
        Assert.True(parsed.IsIndex);
        Assert.Equal(Digest(B), parsed.Subject?.Digest);
        Assert.Null(parsed.ConfigMediaType);
        Assert.Equal([A], parsed.Descriptors.Select(d => d.Digest.ToString()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":1}""")]
    [InlineData("""{"schemaVersion":"2","layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":"1"},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"text/plain"}""")]
    [InlineData("""{"schemaVersion":2,"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"nope"},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":-1},"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1},"layers":[],"subject":{"digest":"x","size":1}}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1},"layers":[],"artifactType":7}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":1},"layers":[],"annotations":{"a":1}}""")]
    public void Parse_Invalid_ReturnsError(string json)
    {
        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciManifest);

        Assert.NotNull(parsed.Error);
    }

    private static Digest Digest(string value) => Daas.Registry.Model.Digest.TryParse(value, out var digest) ? digest.Value : throw new ArgumentException(value);
}
