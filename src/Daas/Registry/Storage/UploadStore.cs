using System.Buffers;
using System.Globalization;
using System.Text;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// Upload sessions: a directory per upload under the repository, appended to by PATCH and
/// committed by PUT. Commit order is verify → fsync → move into the blob store → link → delete
/// session, so a crash at any point leaves at worst a stale session, never a wrong blob.
/// </summary>
internal sealed class UploadStore(RegistryPaths paths, BlobStore blobs, UploadHashes hashes, TimeProvider time)
{
    private const int BufferSize = 1 << 17;

    public async Task<string> StartAsync(string repository, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(paths.Upload(repository, id));
        await File.WriteAllBytesAsync(paths.UploadData(repository, id), [], cancellationToken);
        var startedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await AtomicFile.WriteAllBytesAsync(paths.UploadStartedAt(repository, id), Encoding.UTF8.GetBytes(startedAt), cancellationToken);
        return id;
    }

    /// <summary>The bytes received so far, or null if there is no such upload.</summary>
    public long? Size(string repository, string id)
    {
        var file = new FileInfo(paths.UploadData(repository, id));
        return file.Exists ? file.Length : null;
    }

    /// <summary>
    /// Appends <paramref name="body"/> at offset <paramref name="expectedStart"/> (when given), and
    /// returns the new size; null if the upload does not exist, -1 if the offset is not the end.
    /// </summary>
    public async Task<long?> AppendAsync(string repository, string id, Stream body, long? expectedStart, CancellationToken cancellationToken)
    {
        var path = paths.UploadData(repository, id);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, 0, useAsync: true);
        if (expectedStart is { } start && start != file.Length)
        {
            return -1;
        }

        var hash = hashes.ForAppend(id, file.Length);
        var writeBehind = new WriteBehind(file.SafeFileHandle, file.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                hash?.Append(buffer.AsSpan(0, read));
                writeBehind.Written(file.Length);
            }
        }
        catch
        {
            hashes.Forget(id);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return file.Length;
    }

    /// <summary>Verifies the upload against <paramref name="digest"/> and commits it; false on a mismatch (the session is removed either way).</summary>
    public async Task<bool> CompleteAsync(string repository, string id, Digest digest, CancellationToken cancellationToken)
    {
        var path = paths.UploadData(repository, id);
        try
        {
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 0, useAsync: true))
            {
                var running = hashes.Finish(id, file.Length);
                var actual = digest.Algorithm == "sha256" && running is not null ? running : await HashFileAsync(file, digest, cancellationToken);
                if (actual != digest.Hex)
                {
                    return false;
                }

                file.Flush(flushToDisk: true);
            }

            await blobs.CommitAsync(repository, digest, path, cancellationToken);
            return true;
        }
        finally
        {
            Cancel(repository, id);
        }
    }

    public bool Cancel(string repository, string id)
    {
        hashes.Forget(id);
        var directory = paths.Upload(repository, id);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }

    private static async Task<string> HashFileAsync(FileStream file, Digest digest, CancellationToken cancellationToken)
    {
        using var hash = digest.CreateHash();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
