using System.Text;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// Content-addressed blobs shared by all repositories, plus the per-repository links that say
/// which repository may serve which blob. A blob file is complete whenever it exists.
/// </summary>
internal sealed class BlobStore(RegistryPaths paths, TimeProvider time)
{
    /// <summary>The blob's file and size if it exists and is linked into <paramref name="repository"/>.</summary>
    public FileInfo? Find(string repository, Digest digest)
    {
        if (!File.Exists(paths.LayerLink(repository, digest)))
        {
            return null;
        }

        var file = new FileInfo(paths.Blob(digest));
        return file.Exists ? file : null;
    }

    /// <summary>Moves a verified, fsync'd file into the store (a no-op if it is there) and links it.</summary>
    public async Task CommitAsync(string repository, Digest digest, string verifiedFile, CancellationToken cancellationToken)
    {
        AtomicFile.MoveIntoPlace(verifiedFile, paths.Blob(digest));
        await LinkAsync(repository, digest, cancellationToken);
    }

    /// <summary>Stores small content (a manifest) under its digest and links it.</summary>
    public async Task PutAsync(string repository, Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = paths.Blob(digest);
        if (!File.Exists(path))
        {
            await AtomicFile.WriteAllBytesAsync(path, content, cancellationToken);
        }

        await LinkAsync(repository, digest, cancellationToken);
    }

    /// <summary>
    /// Removes the repository's link to the blob; false if it had none. The blob file stays, since
    /// other repositories may use it: garbage collection removes it once no manifest references it.
    /// </summary>
    public bool Unlink(string repository, Digest digest) => AtomicFile.DeleteFile(paths.LayerLink(repository, digest));

    /// <summary>
    /// Links the blob into <paramref name="repository"/> and marks it as just used, so garbage
    /// collection spares it until the manifest that needs it has been pushed.
    /// </summary>
    public async Task LinkAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var link = paths.LayerLink(repository, digest);
        if (!File.Exists(link))
        {
            await AtomicFile.WriteAllBytesAsync(link, Encoding.UTF8.GetBytes(digest.ToString()), cancellationToken);
        }

        Touch(digest);
    }

    /// <summary>Marks the blob as just used, so garbage collection spares it for its grace period.</summary>
    public void Touch(Digest digest)
    {
        try
        {
            File.SetLastWriteTimeUtc(paths.Blob(digest), time.GetUtcNow().UtcDateTime);
        }
        catch (FileNotFoundException)
        {
            // Not stored (a link written ahead of its blob never happens; nothing to protect).
        }
    }
}
