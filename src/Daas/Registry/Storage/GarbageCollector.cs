using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>What one garbage collection did.</summary>
internal sealed record GarbageCollectionResult(int BlobsKept, int BlobsRemoved, long BytesRemoved, int LinksRemoved);

/// <summary>What the mark phase found, and when it began: nothing touched since then is swept.</summary>
internal sealed record GarbageCollectionMark(HashSet<Digest> Marked, DateTime StartedUtc);

/// <summary>
/// Removes blobs that no manifest in any repository references, and no manifest that an
/// <see cref="IRetainedImages"/> source (Deploy: the images of recent releases) lists, while the
/// registry keeps serving. With no such source registered only stored manifests count.
/// <para>
/// It does not hold the <see cref="RegistryLock"/> for its run, so pushes are not stalled by it.
/// Why that is safe: the mark starts by taking the lock just long enough to read the clock, so
/// every manifest PUT (which holds the lock from checking its references to storing) has either
/// finished, and its links are on disk for the mark's walk, or has not begun, and will touch every
/// blob it references, and store its own, at or after that time. Blob HEAD, mount and commit touch
/// under the lock as well. The sweep then deletes a blob only if it is unmarked and, re-checked
/// under the lock per blob, its time is older than both the mark's start and the
/// <see cref="GracePeriod"/> (which spares layers pushed before their manifest). Uploads live
/// outside the blob store until they complete.
/// </para>
/// </summary>
internal sealed class GarbageCollector(RegistryPaths paths, RegistryLock registryLock, IEnumerable<IRetainedImages> retained, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    public async Task<GarbageCollectionResult> CollectAsync(CancellationToken cancellationToken)
    {
        await _oneRunAtATime.WaitAsync(cancellationToken);
        try
        {
            var mark = await MarkAsync(cancellationToken);
            var (kept, removed, bytes) = await SweepAsync(mark, cancellationToken);
            var links = await RemoveDanglingLinksAsync(cancellationToken);
            return new GarbageCollectionResult(kept, removed, bytes, links);
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    public void Dispose() => _oneRunAtATime.Dispose();

    /// <summary>
    /// Every digest a stored or retained manifest is, or references: config, layers and, for an
    /// index, its child manifests and theirs. Manifest bytes are read from the blob store, so a
    /// retained manifest whose revision link and tags were deleted still keeps what it needs.
    /// </summary>
    internal async Task<GarbageCollectionMark> MarkAsync(CancellationToken cancellationToken)
    {
        DateTime started;
        using (await registryLock.AcquireAsync(cancellationToken))
        {
            // Only to read the clock between manifest PUTs; the walk below runs without the lock.
            started = time.GetUtcNow().UtcDateTime;
        }

        var pending = new Queue<Digest>(LinkWalker.Repositories(paths).SelectMany(name => LinkWalker.Links(paths.ManifestRevisions(name))).Select(link => link.Digest));
        foreach (var source in retained)
        {
            foreach (var (_, manifest) in await source.ListAsync(cancellationToken))
            {
                pending.Enqueue(manifest);
            }
        }

        var marked = new HashSet<Digest>();
        var read = new HashSet<Digest>(); // a manifest linked in several repositories or indexes is read once
        while (pending.TryDequeue(out var manifest))
        {
            marked.Add(manifest);
            var blob = new FileInfo(paths.Blob(manifest));
            if (!read.Add(manifest) || !blob.Exists || blob.Length > StoredManifestReferences.MaxManifestBytes)
            {
                continue;
            }

            var (blobs, children) = StoredManifestReferences.Read(await File.ReadAllBytesAsync(blob.FullName, cancellationToken));
            marked.UnionWith(blobs);
            foreach (var child in children)
            {
                pending.Enqueue(child);
            }
        }

        return new GarbageCollectionMark(marked, started);
    }

    /// <summary>Deletes unmarked blobs untouched since the mark began and for the grace period, each under the lock briefly.</summary>
    internal async Task<(int Kept, int Removed, long Bytes)> SweepAsync(GarbageCollectionMark mark, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.Blobs))
        {
            return (0, 0, 0);
        }

        var graceCutoff = time.GetUtcNow().UtcDateTime - GracePeriod;
        var cutoff = graceCutoff < mark.StartedUtc ? graceCutoff : mark.StartedUtc;
        int kept = 0, removed = 0;
        long bytes = 0;
        foreach (var data in Directory.EnumerateFiles(paths.Blobs, "data", SearchOption.AllDirectories).ToList())
        {
            var directory = Path.GetDirectoryName(data)!;
            var name = $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(directory)))}:{Path.GetFileName(directory)}";
            var file = new FileInfo(data);
            if (!Digest.TryParse(name, out var digest) || mark.Marked.Contains(digest.Value) || file.LastWriteTimeUtc >= cutoff)
            {
                kept++;
                continue;
            }

            using (await registryLock.AcquireAsync(cancellationToken))
            {
                // A push may have touched it since it was listed: it needs it now.
                file.Refresh();
                if (file.Exists && file.LastWriteTimeUtc >= cutoff)
                {
                    kept++;
                    continue;
                }

                if (file.Exists)
                {
                    bytes += file.Length;
                    Directory.Delete(directory, recursive: true);
                    removed++;
                }
            }
        }

        return (kept, removed, bytes);
    }

    /// <summary>Repository links to blobs that no longer exist would only answer "unknown" anyway; remove them.</summary>
    private async Task<int> RemoveDanglingLinksAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (link, digest) in LinkWalker.Repositories(paths).SelectMany(name => LinkWalker.Links(paths.Layers(name))).ToList())
        {
            if (File.Exists(paths.Blob(digest)))
            {
                continue;
            }

            // Re-checked under the lock: a commit of the same digest may have stored it again, keeping this link.
            using (await registryLock.AcquireAsync(cancellationToken))
            {
                if (!File.Exists(paths.Blob(digest)) && File.Exists(link))
                {
                    Directory.Delete(Path.GetDirectoryName(link)!, recursive: true);
                    removed++;
                }
            }
        }

        return removed;
    }
}
