using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class UploadPurgerTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Purge_OldAndNewSessions_RemovesOnlyExpiredOnes()
    {
        // Arrange
        var paths = new RegistryPaths(_root.Path);
        var hashes = new UploadHashes();
        var uploads = new UploadStore(paths, new BlobStore(paths, _time), hashes, new RegistryLock(), _time);
        var old = await uploads.StartAsync("team/app", CancellationToken.None);
        _time.Advance(UploadPurger.MaxUploadAge + TimeSpan.FromMinutes(1));
        var fresh = await uploads.StartAsync("team/app", CancellationToken.None);

        // Act
        var removed = new UploadPurger(paths, hashes, _time).Purge();

        // Assert
        Assert.Equal(1, removed);
        Assert.Null(uploads.Size("team/app", old));
        Assert.Equal(0, uploads.Size("team/app", fresh));
    }

    [Fact]
    public void Purge_TempFiles_RemovesOnlyOldOnes()
    {
        var paths = new RegistryPaths(_root.Path);
        var directory = Directory.CreateDirectory(Path.Combine(_root.Path, "repositories", "app", "_manifests")).FullName;
        var oldTemp = Path.Combine(directory, ".tmp-old");
        var newTemp = Path.Combine(directory, ".tmp-new");
        File.WriteAllText(oldTemp, "");
        File.WriteAllText(newTemp, "");
        File.SetLastWriteTimeUtc(oldTemp, _time.Now.UtcDateTime - UploadPurger.MaxTempFileAge - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(newTemp, _time.Now.UtcDateTime);

        var removed = new UploadPurger(paths, new UploadHashes(), _time).Purge();

        Assert.Equal(1, removed);
        Assert.False(File.Exists(oldTemp));
        Assert.True(File.Exists(newTemp));
    }

    public void Dispose() => _root.Dispose();
}
