using System.Text.Json;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>What one garbage collection did.</summary>
internal sealed record GarbageCollectionResult(int BlobsKept, int BlobsRemoved, long BytesRemoved, int LinksRemoved);

/// <summary>
/// Removes blobs that no manifest in any repository references, while the registry keeps
/// serving. Safe against pushes in progress: uploads live outside the blob store until they
/// complete; a blob written, committed or mounted within <see cref="GracePeriod"/> is kept, which
/// covers layers pushed before their manifest; and the mark-and-sweep holds the
/// <see cref="RegistryLock"/> that manifest pushes hold between checking their blobs and storing.
/// </summary>
internal sealed class GarbageCollector(RegistryPaths paths, RegistryLock registryLock, TimeProvider time)
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

    /// <summary>Every digest a stored manifest is, or references (config, layers, child manifests).</summary>
    private async Task<HashSet<string>> MarkAsync(CancellationToken cancellationToken)
    {
        var marked = new HashSet<string>(StringComparer.Ordinal);
        var read = new HashSet<Digest>(); // a manifest linked in several repositories is read once
        foreach (var (_, manifest) in LinkFiles("_manifests/revisions"))
        {
            if (!read.Add(manifest))
            {
                continue;
            }

            marked.Add(manifest.ToString());
            var blob = paths.Blob(manifest);
            if (File.Exists(blob))
            {
                MarkReferences(await File.ReadAllBytesAsync(blob, cancellationToken), marked);
            }
        }

        return marked;
    }

    private (int Kept, int Removed, long Bytes) SweepBlobs(HashSet<string> marked)
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
            var digest = $"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(directory)))}:{Path.GetFileName(directory)}";
            var file = new FileInfo(data);
            if (marked.Contains(digest) || file.LastWriteTimeUtc > cutoff)
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

    private static void MarkReferences(byte[] manifest, HashSet<string> marked)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (root.TryGetProperty("config", out var config))
            {
                MarkDescriptor(config, marked);
            }

            foreach (var list in new[] { "layers", "manifests", "blobs" })
            {
                if (root.TryGetProperty(list, out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    foreach (var descriptor in array.EnumerateArray())
                    {
                        MarkDescriptor(descriptor, marked);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Stored manifests were validated on push; an unreadable one references nothing we can know.
        }
    }

    private static void MarkDescriptor(JsonElement descriptor, HashSet<string> marked)
    {
        if (descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String)
        {
            marked.Add(digest.GetString()!);
        }
    }
}
