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
        _blobs = new BlobStore(_paths, TimeProvider.System);
        _uploads = new UploadStore(_paths, _blobs, new UploadHashes(), new RegistryLock(), TimeProvider.System);
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
        Assert.Equal(UploadOutcome.Done, ok);
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

        Assert.Equal(UploadOutcome.DigestMismatch, ok);
        Assert.False(File.Exists(_paths.Blob(wrong)));
        Assert.Empty(_root.Files());
    }

    [Fact]
    public async Task Append_ChunkNotAtEnd_IsRefusedAndChangesNothing()
    {
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("abc"u8.ToArray()), 0, CancellationToken.None);

        var result = await _uploads.AppendAsync("app", id, new MemoryStream("zzz"u8.ToArray()), 5, CancellationToken.None);

        Assert.Equal((UploadOutcome.OutOfOrder, 3L), result);
        Assert.Equal(3, _uploads.Size("app", id));
    }

    [Fact]
    public async Task Complete_AfterRestartLostRunningHash_HashesTheFileInstead()
    {
        // Arrange: the first chunk arrives before a restart, the second after it
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("hel"u8.ToArray()), 0, CancellationToken.None);
        var restarted = new UploadStore(_paths, _blobs, new UploadHashes(), new RegistryLock(), TimeProvider.System);
        await restarted.AppendAsync("app", id, new MemoryStream("lo"u8.ToArray()), 3, CancellationToken.None);

        // Act
        var wrong = await restarted.CompleteAsync("app", id, Digest.Sha256("lo"u8), CancellationToken.None);
        var id2 = await restarted.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id2, new MemoryStream("hel"u8.ToArray()), 0, CancellationToken.None);
        await restarted.AppendAsync("app", id2, new MemoryStream("lo"u8.ToArray()), 3, CancellationToken.None);
        var right = await restarted.CompleteAsync("app", id2, Digest.Sha256("hello"u8), CancellationToken.None);

        // Assert
        Assert.Equal(UploadOutcome.DigestMismatch, wrong);
        Assert.Equal(UploadOutcome.Done, right);
    }

    [Fact]
    public async Task Complete_Sha512Digest_VerifiesAgainstSha512()
    {
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("hello"u8.ToArray()), 0, CancellationToken.None);
        Assert.True(Digest.TryParse("sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData("hello"u8)), out var digest));

        Assert.Equal(UploadOutcome.Done, await _uploads.CompleteAsync("app", id, digest.Value, CancellationToken.None));
        Assert.NotNull(_blobs.Find("app", digest.Value));
    }

    [Fact]
    public async Task Append_WhileAnotherRequestHoldsTheUpload_IsBusyAndChangesNothing()
    {
        // Arrange
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("abc"u8.ToArray()), 0, CancellationToken.None);
        await using var other = new FileStream(_paths.UploadData("app", id), FileMode.Open, FileAccess.Write, FileShare.None);

        // Act
        var (outcome, _) = await _uploads.AppendAsync("app", id, new MemoryStream("zzz"u8.ToArray()), 3, CancellationToken.None);
        var completed = await _uploads.CompleteAsync("app", id, Digest.Sha256("abc"u8), CancellationToken.None);

        // Assert
        Assert.Equal(UploadOutcome.Busy, outcome);
        Assert.Equal(UploadOutcome.Busy, completed);
        Assert.Equal(3, _uploads.Size("app", id));
    }

    [Fact]
    public async Task Append_AfterCompletionClaimedTheUpload_FindsNoUpload()
    {
        var id = await _uploads.StartAsync("app", CancellationToken.None);
        await _uploads.AppendAsync("app", id, new MemoryStream("abc"u8.ToArray()), 0, CancellationToken.None);
        Assert.Equal(UploadOutcome.Done, await _uploads.CompleteAsync("app", id, Digest.Sha256("abc"u8), CancellationToken.None));

        var (outcome, _) = await _uploads.AppendAsync("app", id, new MemoryStream("zzz"u8.ToArray()), 3, CancellationToken.None);

        Assert.Equal(UploadOutcome.UnknownUpload, outcome);
        Assert.Equal("abc", await File.ReadAllTextAsync(_blobs.Find("app", Digest.Sha256("abc"u8))!.FullName));
    }

    [Fact]
    public async Task Append_UnknownUpload_ReturnsUnknownUpload()
    {
        var (outcome, _) = await _uploads.AppendAsync("app", "0123456789abcdef0123456789abcdef", new MemoryStream([1]), null, CancellationToken.None);

        Assert.Equal(UploadOutcome.UnknownUpload, outcome);
    }

    [Theory]
    [InlineData("../../victim")]
    [InlineData("..")]
    [InlineData("")]
    public async Task Cancel_IdThatIsNoUploadId_DeletesNothing(string id)
    {
        // Arrange: a directory the id would reach if it were used as a path, and a live upload beside it
        var reached = Path.GetFullPath(_paths.Upload("app", id));
        Directory.CreateDirectory(reached);
        await File.WriteAllTextAsync(Path.Combine(reached, "keep"), "keep");
        var live = await _uploads.StartAsync("app", CancellationToken.None);

        // Act
        var cancelled = _uploads.Cancel("app", id);

        // Assert
        Assert.False(cancelled);
        Assert.True(File.Exists(Path.Combine(reached, "keep")), $"{reached} was deleted");
        Assert.NotNull(_uploads.Size("app", live));
    }

    public void Dispose() => _root.Dispose();
}
