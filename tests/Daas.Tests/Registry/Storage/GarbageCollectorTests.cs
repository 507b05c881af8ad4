using System.Text;
using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class GarbageCollectorTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly RegistryPaths _paths;
    private readonly BlobStore _blobs;
    private readonly ManifestStore _manifests;

    public GarbageCollectorTests()
    {
        _paths = new RegistryPaths(_root.Path);
        _blobs = new BlobStore(_paths, _time);
        _manifests = new ManifestStore(_paths, _blobs, new ReferrerStore(_paths));
    }

    [Fact]
    public async Task Collect_UnreferencedOldBlob_IsRemovedWithItsLinks()
    {
        // Arrange: a manifest referencing config+layer, an orphan blob, all older than the grace period
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var orphan = await PutBlobAsync("app", "orphan");
        var manifest = await PutManifestAsync("app", config, layer);
        _time.Advance(GarbageCollector.GracePeriod + TimeSpan.FromMinutes(1));

        // Act
        var result = await new GarbageCollector(_paths, new RegistryLock(), _time).CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1, result.BlobsRemoved);
        Assert.Equal("orphan".Length, result.BytesRemoved);
        Assert.Equal(1, result.LinksRemoved);
        Assert.False(File.Exists(_paths.Blob(orphan)));
        Assert.False(File.Exists(_paths.LayerLink("app", orphan)));
        Assert.NotNull(_blobs.Find("app", config));
        Assert.NotNull(_blobs.Find("app", layer));
        Assert.NotNull(await _manifests.GetAsync("app", manifest, CancellationToken.None));
    }

    [Fact]
    public async Task Collect_UnreferencedBlobWithinGracePeriod_IsKept()
    {
        // Arrange: a layer pushed just now whose manifest has not arrived yet
        var layer = await PutBlobAsync("app", "pushed just now");

        // Act
        var result = await new GarbageCollector(_paths, new RegistryLock(), _time).CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, result.BlobsRemoved);
        Assert.NotNull(_blobs.Find("app", layer));
    }

    [Fact]
    public async Task Collect_OldBlobMountedAgain_IsKeptForTheGracePeriod()
    {
        var layer = await PutBlobAsync("app", "old layer");
        _time.Advance(GarbageCollector.GracePeriod * 3);
        await _blobs.LinkAsync("other", layer, CancellationToken.None);

        var result = await new GarbageCollector(_paths, new RegistryLock(), _time).CollectAsync(CancellationToken.None);

        Assert.Equal(0, result.BlobsRemoved);
        Assert.NotNull(_blobs.Find("other", layer));
    }

    [Fact]
    public async Task Collect_TagNamedLikeAStoreFolder_IsLeftAlone()
    {
        // Arrange: a tag called "_layers" lives at tags/_layers/current/link, which is no layer link
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var manifest = await PutManifestAsync("app", config, layer);
        await _manifests.PutAsync("app", "_layers", (await _manifests.GetAsync("app", manifest, CancellationToken.None))!, null, CancellationToken.None);

        // Act
        var result = await new GarbageCollector(_paths, new RegistryLock(), _time).CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, result.LinksRemoved);
        Assert.Equal(manifest, await _manifests.ResolveTagAsync("app", "_layers", CancellationToken.None));
    }

    public void Dispose() => _root.Dispose();

    private async Task<Digest> PutBlobAsync(string repository, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var digest = Digest.Sha256(bytes);
        await _blobs.PutAsync(repository, digest, bytes, CancellationToken.None);
        File.SetLastWriteTimeUtc(_paths.Blob(digest), _time.Now.UtcDateTime);
        return digest;
    }

    private async Task<Digest> PutManifestAsync(string repository, Digest config, Digest layer)
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layer}}","size":5}]}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        var digest = Digest.Sha256(bytes);
        await _manifests.PutAsync(repository, "latest", new StoredManifest(digest, MediaTypes.OciManifest, bytes), null, CancellationToken.None);
        File.SetLastWriteTimeUtc(_paths.Blob(digest), _time.Now.UtcDateTime);
        return digest;
    }
}
