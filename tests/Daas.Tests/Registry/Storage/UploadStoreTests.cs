using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Registry.Storage;

public sealed class UploadStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly RegistryPaths _paths;
    private readonly BlobStore _blobs;
    private readonly UploadStore _uploads;

    public UploadStoreTests()
    {
        _paths = new RegistryPaths(_root.Path);
        _blobs = new BlobStore(_paths);
        _uploads = new UploadStore(_paths, _blobs, TimeProvider.System);
    }

    [Fact]
    public async Task Complete_ChunksMatchingDigest_StoresBlobLinksItAndRemovesSession()
    {
        // Arrange
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("hel"u8.ToArray()), 0, CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("lo"u8.ToArray()), 3, CancellationToken.None);
        var digest = Digest.Sha256("hello"u8);

        // Act
        var ok = await _uploads.CompleteAsync("app", id, digest, CancellationToken.None);

        // Assert
        Assert.True(ok);
        Assert.Equal("hello", await File.ReadAllTextAsync(_blobs.Find("app", digest)!.FullName));
        Assert.Null(_blobs.Find("other", digest));
        Assert.False(Directory.Exists(_paths.Upload("app", id)));
    }

    [Fact]
    public async Task Complete_DigestMismatch_LeavesNoBlobAndNoSession()
    {
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("hello"u8.ToArray()), null, CancellationToken.None);
        var wrong = Digest.Sha256("something else"u8);

        var ok = await _uploads.CompleteAsync("app", id, wrong, CancellationToken.None);

        Assert.False(ok);
        Assert.False(_blobs.Exists(wrong));
        Assert.Empty(_root.Files());
    }

    [Fact]
    public async Task Append_ChunkNotAtEnd_IsRefusedAndChangesNothing()
    {
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("abc"u8.ToArray()), 0, CancellationToken.None);

        var result = await _uploads.AppendAsync("app", id, new MemoryStream("zzz"u8.ToArray()), 5, CancellationToken.None);

        Assert.Equal(-1, result);
        Assert.Equal(3, _uploads.Size("app", id));
    }

    [Fact]
    public async Task Append_UnknownUpload_ReturnsNull()
    {
        Assert.Null(await _uploads.AppendAsync("app", "0123456789abcdef0123456789abcdef", new MemoryStream([1]), null, CancellationToken.None));
    }

    public void Dispose() => _root.Dispose();
}
