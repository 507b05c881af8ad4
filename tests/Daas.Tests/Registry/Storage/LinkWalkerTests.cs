using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class LinkWalkerTests : IDisposable
{
    private static readonly Digest Linked = new("sha256", new string('a', 64));
    private static readonly Digest Emptied = new("sha256", new string('b', 64));
    private static readonly Digest TooDeep = new("sha256", new string('c', 64));
    private readonly TempDirectory _root = new();
    private readonly RegistryPaths _paths;

    public LinkWalkerTests() => _paths = new RegistryPaths(_root.Path);

    [Fact]
    public void Links_DirectoryWithStrayEntries_FindsOnlyAlgHexLinkFiles()
    {
        // Arrange: one real link, an emptied link directory, a link one level too deep, a non-digest folder
        var area = _paths.Layers("app");
        Touch(_paths.LayerLink("app", Linked));
        Directory.CreateDirectory(Path.Combine(area, "sha256", Emptied.Hex));
        Touch(Path.Combine(area, "sha256", TooDeep.Hex, "current", "link"));
        Touch(Path.Combine(area, "md5", "abc", "link"));

        // Act
        var links = LinkWalker.Links(area);

        // Assert
        Assert.Equal([(_paths.LayerLink("app", Linked), Linked)], links);
    }

    [Fact]
    public void Links_MissingDirectory_IsEmpty()
    {
        Assert.Empty(LinkWalker.Links(_paths.ManifestRevisions("nothing")));
    }

    [Fact]
    public void Repositories_TagNamedLikeAStoreFolder_ListsOnlyRepositories()
    {
        // Arrange: "a" has only layers; "team/b" has a tag called "_layers"; an upload session has no link
        Touch(_paths.LayerLink("a", Linked));
        Touch(_paths.TagLink("team/b", "_layers"));
        Touch(_paths.UploadData("c", "0123456789abcdef0123456789abcdef"));

        // Act
        var repositories = LinkWalker.Repositories(_paths);

        // Assert
        Assert.Equal(["a", "team/b"], repositories);
    }

    public void Dispose() => _root.Dispose();

    private static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}
