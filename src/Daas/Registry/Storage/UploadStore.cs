using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// Upload sessions: a directory per upload under the repository, appended to by PATCH and
/// committed by PUT. Commit order is verify → fsync → move into the blob store → link → delete
/// session, so a crash at any point leaves at worst a stale session, never a wrong blob.
/// </summary>
internal sealed partial class UploadStore(RegistryPaths paths, BlobStore blobs, UploadHashes hashes, RegistryLock registryLock, TimeProvider time)
{
    private const int BufferSize = 1 << 17;

    public async Task<string> StartAsync(string repository, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        AtomicFile.CreatePrivateDirectory(paths.Upload(repository, id));
        var empty = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = AtomicFile.PrivateFileMode };
        await new FileStream(paths.UploadData(repository, id), empty).DisposeAsync();
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
    /// Appends <paramref name="body"/> at offset <paramref name="expectedStart"/> (when given).
    /// Returns the outcome and the upload's size afterwards.
    /// </summary>
    public async Task<(UploadOutcome Outcome, long Size)> AppendAsync(string repository, string id, Stream body, long? expectedStart, CancellationToken cancellationToken)
    {
        var file = OpenExclusive(paths.UploadData(repository, id), FileMode.Open, FileAccess.Write, out var outcome);
        if (file is null)
        {
            return (outcome, 0);
        }

        await using var _ = file;
        file.Seek(0, SeekOrigin.End);
        if (expectedStart is { } start && start != file.Length)
        {
            return (UploadOutcome.OutOfOrder, file.Length);
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

        return (UploadOutcome.Done, file.Length);
    }

    /// <summary>
    /// Verifies the upload against <paramref name="digest"/> and commits it. The data file is held
    /// exclusively (a PATCH gets Busy) and renamed out of reach of later PATCHes before it is read,
    /// so no byte can be added between verifying and committing. Except when busy, the session is
    /// gone afterwards.
    /// </summary>
    public async Task<UploadOutcome> CompleteAsync(string repository, string id, Digest digest, CancellationToken cancellationToken)
    {
        var file = OpenExclusive(paths.UploadData(repository, id), FileMode.Open, FileAccess.ReadWrite, out var outcome);
        if (file is null)
        {
            return outcome;
        }

        var committing = paths.UploadCommitting(repository, id);
        try
        {
            await using (file)
            {
                File.Move(paths.UploadData(repository, id), committing); // the open handle follows the file
                var running = hashes.Finish(id, file.Length);
                var actual = digest.Algorithm == "sha256" && running is not null ? running : await HashFileAsync(file, digest, cancellationToken);
                if (actual != digest.Hex)
                {
                    return UploadOutcome.DigestMismatch;
                }

                file.Flush(flushToDisk: true);
            }

            using (await registryLock.AcquireAsync(cancellationToken))
            {
                await blobs.CommitAsync(repository, digest, committing, cancellationToken);
            }

            return UploadOutcome.Done;
        }
        finally
        {
            Cancel(repository, id);
        }
    }

    /// <summary>
    /// Whether <paramref name="id"/> has the shape <see cref="StartAsync"/> gives ids (32 lower-case
    /// hex), and so is safe as a path component. Endpoints check it before any other call.
    /// </summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>
    /// Removes the upload session; false if there is none. An id of any other shape is refused here
    /// too, whatever the caller checked: it would name a directory to delete recursively.
    /// </summary>
    public bool Cancel(string repository, string id)
    {
        if (!IsValidId(id))
        {
            return false;
        }

        hashes.Forget(id);
        var directory = paths.Upload(repository, id);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }

    [GeneratedRegex("^[a-f0-9]{32}$")]
    private static partial Regex IdPattern();

    /// <summary>Opens the file for this request alone; null with the reason when it is gone or another request holds it.</summary>
    private static FileStream? OpenExclusive(string path, FileMode mode, FileAccess access, out UploadOutcome outcome)
    {
        try
        {
            outcome = UploadOutcome.Done;
            return new FileStream(path, mode, access, FileShare.None, 0, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            outcome = UploadOutcome.UnknownUpload;
        }
        catch (IOException)
        {
            // FileShare.None is an exclusive lock on Linux: another request has the file open.
            outcome = UploadOutcome.Busy;
        }

        return null;
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
