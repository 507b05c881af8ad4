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
        Assert.Equal([A, B], parsed.References.Select(d => d.ToString()));
    }

    [Fact]
    public void Parse_OciIndexWithoutMediaType_IsRecognisedByShape()
    {
        var json = $$"""{"schemaVersion":2,"manifests":[{"digest":"{{A}}","size":1}]}""";

        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), null);

        Assert.Null(parsed.Error);
        Assert.Equal(MediaTypes.OciIndex, parsed.MediaType);
        Assert.True(parsed.IsIndex);
        Assert.Equal([A], parsed.References.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"schemaVersion":1}""")]
    [InlineData("""{"schemaVersion":2,"mediaType":"text/plain"}""")]
    [InlineData("""{"schemaVersion":2,"layers":[]}""")]
    [InlineData("""{"schemaVersion":2,"config":{"digest":"nope"},"layers":[]}""")]
    public void Parse_Invalid_ReturnsError(string json)
    {
        var parsed = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), MediaTypes.OciManifest);

        Assert.NotNull(parsed.Error);
    }
}
