using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>What one garbage collection did.</summary>
internal sealed record GarbageCollectionResult(int BlobsKept, int BlobsRemoved, long BytesRemoved, int LinksRemoved);

/// <summary>
/// Removes blobs that no manifest in any repository references, and no manifest that an
/// <see cref="IRetainedImages"/> source (Deploy: the images of recent releases) lists, while the
/// registry keeps serving. With no such source registered only stored manifests count. Safe
/// against pushes in progress: uploads live outside the blob store until they complete; a blob written, committed or mounted within <see cref="GracePeriod"/> is kept, which
/// covers layers pushed before their manifest; and the mark-and-sweep holds the
/// <see cref="RegistryLock"/> that manifest pushes hold between checking their blobs and storing.
/// </summary>
internal sealed class GarbageCollector(RegistryPaths paths, RegistryLock registryLock, IEnumerable<IRetainedImages> retained, TimeProvider time)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromHours(1);

    public async Task<GarbageCollectionResult> CollectAsync(CancellationToken cancellationToken)
    {
        using var held = await registryLock.AcquireAsync(cancellationToken);
        var marked = await MarkAsync(cancellationToken);
        var (kept, removed, bytes) = SweepBlobs(marked);
        var links = RemoveDanglingLinks();
        return new GarbageCollectionResult(kept, removed, bytes, links);
    }

    /// <summary>
    /// Every digest a stored or retained manifest is, or references: config, layers and, for an
    /// index, its child manifests and theirs. Manifest bytes are read from the blob store, so a
    /// retained manifest whose revision link and tags were deleted still keeps what it needs.
    /// </summary>
    private async Task<HashSet<Digest>> MarkAsync(CancellationToken cancellationToken)
    {
        var pending = new Queue<Digest>(LinkFiles("_manifests/revisions").Select(link => link.Digest));
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

        return marked;
    }

    private (int Kept, int Removed, long Bytes) SweepBlobs(HashSet<Digest> marked)
    {
        var blobsRoot = Path.Combine(paths.Root, "blobs");
        if (!Directory.Exists(blobsRoot))
        {
            return (0, 0, 0);
        }

        var cutoff = time.GetUtcNow().UtcDateTime - GracePeriod;
        int kept = 0, removed = 0;
        long bytes = 0;
        foreach (var data in Directory.EnumerateFiles(blobsRoot, "data", SearchOption.AllDirectories).ToList())
        {
            var directory = Path.GetDirectoryName(data)!;
            var name = $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(directory)))}:{Path.GetFileName(directory)}";
            var file = new FileInfo(data);
            if (!Digest.TryParse(name, out var digest) || marked.Contains(digest.Value) || file.LastWriteTimeUtc > cutoff)
            {
                kept++;
                continue;
            }

            bytes += file.Length;
            Directory.Delete(directory, recursive: true);
            removed++;
        }

        return (kept, removed, bytes);
    }

    /// <summary>Repository links to blobs that no longer exist would only answer "unknown" anyway; remove them.</summary>
    private int RemoveDanglingLinks()
    {
        var removed = 0;
        foreach (var (link, digest) in LinkFiles("_layers"))
        {
            if (!File.Exists(paths.Blob(digest)))
            {
                Directory.Delete(Path.GetDirectoryName(link)!, recursive: true);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Every <c>&lt;repository&gt;/&lt;area&gt;/&lt;alg&gt;/&lt;hex&gt;/link</c> file with its digest. Exactly
    /// that shape: a tag may be named "_layers", but its link lies at tags/_layers/current/link.
    /// </summary>
    private List<(string Link, Digest Digest)> LinkFiles(string area)
    {
        if (!Directory.Exists(paths.Repositories))
        {
            return [];
        }

        var marker = $"/{area}/";
        var links = new List<(string, Digest)>();
        foreach (var link in Directory.EnumerateFiles(paths.Repositories, "link", SearchOption.AllDirectories))
        {
            var at = link.LastIndexOf(marker, StringComparison.Ordinal);
            var rest = at < 0 ? [] : link[(at + marker.Length)..].Split('/');
            if (rest.Length == 3 && Digest.TryParse($"{rest[0]}:{rest[1]}", out var digest))
            {
                links.Add((link, digest.Value));
            }
        }

        return links;
    }
}
