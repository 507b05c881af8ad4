using System.Text;
using Daas.Metrics;
using Daas.Registry;
using Daas.Registry.Api;
using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Daas.Tests.Registry.Storage;

public sealed class GarbageCollectorTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly RegistryPaths _paths;
    private readonly BlobStore _blobs;
    private readonly ManifestStore _manifests;
    private readonly RegistryLock _lock = new();

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
        var result = await Collector().CollectAsync(CancellationToken.None);

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
        var result = await Collector().CollectAsync(CancellationToken.None);

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

        var result = await Collector().CollectAsync(CancellationToken.None);

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
        var result = await Collector().CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, result.LinksRemoved);
        Assert.Equal(manifest, await _manifests.ResolveTagAsync("app", "_layers", CancellationToken.None));
    }

    [Fact]
    public async Task Collect_RetainedManifestWithoutLinkOrTag_KeepsManifestConfigAndLayers()
    {
        // Arrange: an image whose manifest was deleted (revision link and tag gone), but a recent release ran it
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var manifest = await PutManifestAsync("app", config, layer);
        await _manifests.DeleteAsync("app", manifest, null, CancellationToken.None);
        _time.Advance(GarbageCollector.GracePeriod + TimeSpan.FromMinutes(1));

        // Act
        var result = await Collector(new Retained(("app", manifest))).CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, result.BlobsRemoved);
        Assert.All(new[] { manifest, config, layer }, digest => Assert.True(File.Exists(_paths.Blob(digest)), $"{digest} was swept"));
    }

    [Fact]
    public async Task Collect_RetainedIndexWithoutLinks_KeepsItsChildManifestAndTheChildsBlobs()
    {
        // Arrange: an index and its child, both deleted from the repository; only the index is retained
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var child = await PutManifestAsync("app", config, layer);
        var index = await PutIndexAsync("app", child);
        await _manifests.DeleteAsync("app", index, null, CancellationToken.None);
        await _manifests.DeleteAsync("app", child, null, CancellationToken.None);
        _time.Advance(GarbageCollector.GracePeriod + TimeSpan.FromMinutes(1));

        // Act
        var result = await Collector(new Retained(("app", index))).CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, result.BlobsRemoved);
        Assert.All(new[] { index, child, config, layer }, digest => Assert.True(File.Exists(_paths.Blob(digest)), $"{digest} was swept"));
    }

    [Fact]
    public async Task Collect_DeletedIndexNotRetained_IsSweptWithEverythingItReferenced()
    {
        // Arrange: the same deleted index and child, and no retained-images source
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var child = await PutManifestAsync("app", config, layer);
        var index = await PutIndexAsync("app", child);
        await _manifests.DeleteAsync("app", index, null, CancellationToken.None);
        await _manifests.DeleteAsync("app", child, null, CancellationToken.None);
        _time.Advance(GarbageCollector.GracePeriod + TimeSpan.FromMinutes(1));

        // Act
        var result = await Collector().CollectAsync(CancellationToken.None);

        // Assert
        Assert.Equal(4, result.BlobsRemoved);
        Assert.All(new[] { index, child, config, layer }, digest => Assert.False(File.Exists(_paths.Blob(digest)), $"{digest} was kept"));
    }

    [Fact]
    public async Task Sweep_ManifestPutAfterMarkBegan_KeepsTheBlobsItChecked()
    {
        // Arrange: old, unreferenced config, layer and orphan; the mark runs before any manifest names them
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        var orphan = await PutBlobAsync("app", "orphan");
        _time.Advance(GarbageCollector.GracePeriod * 2);
        using var collector = new GarbageCollector(_paths, _lock, [], _time);
        var mark = await collector.MarkAsync(CancellationToken.None);

        // ...then a manifest PUT checks (and so touches) config and layer and stores the manifest, under the lock
        _time.Advance(TimeSpan.FromSeconds(1));
        var manifest = ManifestBytes(config, layer);
        using (await _lock.AcquireAsync(CancellationToken.None))
        {
            Assert.Null(ManifestReferences.Check(Services(), "app", ManifestParser.Parse(manifest, MediaTypes.OciManifest)));
            await _manifests.PutAsync("app", "latest", new StoredManifest(Digest.Sha256(manifest), MediaTypes.OciManifest, manifest), null, CancellationToken.None);
        }

        // Act
        var (_, removed, _) = await collector.SweepAsync(mark, CancellationToken.None);

        // Assert: the mark never saw the manifest, yet only the orphan is gone
        Assert.Equal(1, removed);
        Assert.False(File.Exists(_paths.Blob(orphan)));
        Assert.All(new[] { config, layer, Digest.Sha256(manifest) }, digest => Assert.True(File.Exists(_paths.Blob(digest)), $"{digest} was swept"));
        Assert.NotNull(await _manifests.GetAsync("app", Digest.Sha256(manifest), CancellationToken.None));
    }

    [Fact]
    public async Task Collect_BetweenMarkAndSweep_DoesNotHoldTheRegistryLock()
    {
        // Arrange: a collection that has marked and not yet swept
        var config = await PutBlobAsync("app", "{}");
        var layer = await PutBlobAsync("app", "layer");
        using var collector = new GarbageCollector(_paths, _lock, [], _time);
        var mark = await collector.MarkAsync(CancellationToken.None);

        // Act: a manifest PUT takes the lock and stores its manifest
        var acquiring = _lock.AcquireAsync(CancellationToken.None);
        Assert.True(acquiring.IsCompletedSuccessfully, "the registry lock is held between mark and sweep");
        using (await acquiring)
        {
            await PutManifestAsync("app", config, layer);
        }

        // Assert: the PUT completed while the collection was under way, and the sweep then finishes
        var (_, removed, _) = await collector.SweepAsync(mark, CancellationToken.None);
        Assert.Equal(0, removed);
        Assert.Equal(Digest.Sha256(ManifestBytes(config, layer)), await _manifests.ResolveTagAsync("app", "latest", CancellationToken.None));
    }

    public void Dispose()
    {
        _lock.Dispose();
        _root.Dispose();
    }

    private GarbageCollector Collector(params IRetainedImages[] retained) => new(_paths, _lock, retained, _time);

    private RegistryServices Services() => new(
        _blobs, new UploadStore(_paths, _blobs, new UploadHashes(), _lock, _time), _manifests, new ReferrerStore(_paths), _lock, [],
        new RegistryMetrics(new StorageUsage(_paths, _manifests), _time), NullLogger<RegistryServices>.Instance);

    private static byte[] ManifestBytes(Digest config, Digest layer) => Encoding.UTF8.GetBytes(
        $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layer}}","size":5}]}""");

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
        var bytes = ManifestBytes(config, layer);
        var digest = Digest.Sha256(bytes);
        await _manifests.PutAsync(repository, "latest", new StoredManifest(digest, MediaTypes.OciManifest, bytes), null, CancellationToken.None);
        File.SetLastWriteTimeUtc(_paths.Blob(digest), _time.Now.UtcDateTime);
        return digest;
    }

    private async Task<Digest> PutIndexAsync(string repository, Digest child)
    {
        var size = new FileInfo(_paths.Blob(child)).Length;
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{child}}","size":{{size}}}]}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        var digest = Digest.Sha256(bytes);
        await _manifests.PutAsync(repository, "multi", new StoredManifest(digest, MediaTypes.OciIndex, bytes), null, CancellationToken.None);
        File.SetLastWriteTimeUtc(_paths.Blob(digest), _time.Now.UtcDateTime);
        return digest;
    }

    /// <summary>A retained-images source listing fixed manifests, as Deploy's would list recent releases.</summary>
    private sealed class Retained(params (string Repository, Digest Manifest)[] manifests) : IRetainedImages
    {
        public Task<IReadOnlyCollection<(string Repository, Digest Manifest)>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyCollection<(string Repository, Digest Manifest)>>(manifests);
    }
}
