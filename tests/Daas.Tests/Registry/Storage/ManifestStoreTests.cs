using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class ManifestStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _root = new();
    private readonly ReferrerStore _referrers;
    private readonly ManifestStore _manifests;

    public ManifestStoreTests()
    {
        var paths = new RegistryPaths(_root.Path);
        _referrers = new ReferrerStore(paths);
        _manifests = new ManifestStore(paths, new BlobStore(paths, TimeProvider.System), _referrers);
    }

    [Fact]
    public async Task Put_WithSubject_LinksManifestAsReferrerOfSubject()
    {
        // Arrange
        var subject = Digest.Sha256("not pushed yet"u8);
        var referrer = Manifest("""{"n":1}""");

        // Act
        await _manifests.PutAsync("team/app", null, referrer, subject, None);

        // Assert
        Assert.Equal([referrer.Digest], _referrers.List("team/app", subject));
        Assert.Empty(_referrers.List("other", subject));
    }

    [Fact]
    public async Task Delete_ByDigest_RemovesRevisionItsTagsAndReferrerLinkButKeepsOtherTags()
    {
        // Arrange
        var subject = Digest.Sha256("subject"u8);
        var first = Manifest("""{"n":1}""");
        var second = Manifest("""{"n":2}""");
        await _manifests.PutAsync("app", "a", first, subject, None);
        await _manifests.PutAsync("app", "b", first, subject, None);
        await _manifests.PutAsync("app", "c", second, null, None);

        // Act
        var deleted = await _manifests.DeleteAsync("app", first.Digest, subject, None);

        // Assert
        Assert.True(deleted);
        Assert.False(_manifests.HasManifest("app", first.Digest));
        Assert.Null(await _manifests.GetAsync("app", first.Digest, None));
        Assert.Equal(["c"], _manifests.ListTags("app"));
        Assert.Empty(_referrers.List("app", subject));
        Assert.NotNull(await _manifests.GetAsync("app", second.Digest, None));
    }

    [Fact]
    public async Task Delete_UnknownDigest_ReturnsFalse()
    {
        Assert.False(await _manifests.DeleteAsync("app", Digest.Sha256("nothing"u8), null, None));
    }

    [Fact]
    public async Task DeleteTag_KnownTag_RemovesOnlyTheTag()
    {
        // Arrange
        var manifest = Manifest("""{"n":3}""");
        await _manifests.PutAsync("app", "v1", manifest, null, None);

        // Act
        var deleted = _manifests.DeleteTag("app", "v1");

        // Assert
        Assert.True(deleted);
        Assert.False(_manifests.DeleteTag("app", "v1"));
        Assert.Empty(_manifests.ListTags("app")!);
        Assert.Null(await _manifests.ResolveTagAsync("app", "v1", None));
        Assert.True(_manifests.HasManifest("app", manifest.Digest));
    }

    [Fact]
    public void ListTags_RepositoryWithoutManifests_ReturnsNull()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "repositories", "app", "_uploads"));

        Assert.Null(_manifests.ListTags("app"));
    }

    [Fact]
    public async Task Size_ManifestInRepository_IsContentLength()
    {
        var manifest = Manifest("""{"n":4}""");
        await _manifests.PutAsync("app", null, manifest, null, None);

        Assert.Equal(manifest.Content.Length, _manifests.Size("app", manifest.Digest));
        Assert.Null(_manifests.Size("other", manifest.Digest));
    }

    public void Dispose() => _root.Dispose();

    private static StoredManifest Manifest(string json)
    {
        var content = System.Text.Encoding.UTF8.GetBytes(json);
        return new StoredManifest(Digest.Sha256(content), MediaTypes.OciManifest, content);
    }
}
