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
