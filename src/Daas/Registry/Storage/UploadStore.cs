using System.Globalization;
using System.Text;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// Upload sessions: a directory per upload under the repository, appended to by PATCH and
/// committed by PUT. Commit order is verify → move into the blob store → link → delete session,
/// so a crash at any point leaves at worst a stale session, never a wrong blob.
/// </summary>
internal sealed class UploadStore(RegistryPaths paths, BlobStore blobs, TimeProvider time)
{
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

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        if (expectedStart is { } start && start != file.Length)
        {
            return -1;
        }

        await body.CopyToAsync(file, 1 << 16, cancellationToken);
        return file.Length;
    }

    /// <summary>Verifies the upload against <paramref name="digest"/> and commits it; false on a mismatch (the session is removed either way).</summary>
    public async Task<bool> CompleteAsync(string repository, string id, Digest digest, CancellationToken cancellationToken)
    {
        var path = paths.UploadData(repository, id);
        try
        {
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                using var hash = digest.CreateHash();
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }

                if (Convert.ToHexStringLower(hash.GetHashAndReset()) != digest.Hex)
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
        var directory = paths.Upload(repository, id);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }
}
