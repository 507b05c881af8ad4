using System.Text;
using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class StorageUsageTests
{
    [Fact]
    public async Task PerRepository_SharedBlob_CountsInEachRepositoryAndOnceInTotal()
    {
        // Arrange
        using var root = new TempDirectory();
        var paths = new RegistryPaths(root.Path);
        var blobs = new BlobStore(paths, TimeProvider.System);
        var shared = Encoding.UTF8.GetBytes("shared layer");
        var own = Encoding.UTF8.GetBytes("own");
        await blobs.PutAsync("a", Digest.Sha256(shared), shared, CancellationToken.None);
        await blobs.PutAsync("team/b", Digest.Sha256(shared), shared, CancellationToken.None);
        await blobs.PutAsync("team/b", Digest.Sha256(own), own, CancellationToken.None);

        // Act
        var usage = new StorageUsage(paths, new ManifestStore(paths, blobs, new ReferrerStore(paths)));
        var repositories = usage.PerRepository();

        // Assert
        Assert.Equal(["a", "team/b"], repositories.Select(r => r.Name));
        Assert.Equal(shared.Length, repositories[0].Bytes);
        Assert.Equal(shared.Length + own.Length, repositories[1].Bytes);
        Assert.Equal(shared.Length + own.Length, usage.TotalBytes());
    }

    [Fact]
    public async Task PerRepository_DeletedTag_IsNotCounted()
    {
        // Arrange
        using var root = new TempDirectory();
        var paths = new RegistryPaths(root.Path);
        var blobs = new BlobStore(paths, TimeProvider.System);
        var manifests = new ManifestStore(paths, blobs, new ReferrerStore(paths));
        var content = Encoding.UTF8.GetBytes("""{"n":1}""");
        var manifest = new StoredManifest(Digest.Sha256(content), MediaTypes.OciManifest, content);
        await manifests.PutAsync("app", "kept", manifest, null, CancellationToken.None);
        await manifests.PutAsync("app", "dropped", manifest, null, CancellationToken.None);
        manifests.DeleteTag("app", "dropped");

        // Act
        var usage = new StorageUsage(paths, manifests).PerRepository().Single();

        // Assert
        Assert.Equal(1, usage.Tags);
        Assert.Equal(1, usage.Manifests);
    }
}
