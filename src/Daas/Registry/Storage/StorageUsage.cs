using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// One repository's share of the store: its tags and manifests, and the bytes of the distinct
/// blobs (layers, configs, manifests) it links. Blobs shared by repositories count in each.
/// </summary>
internal sealed record RepositoryUsage(string Name, int Tags, int Manifests, long Bytes);

/// <summary>Reports storage used, per repository and in total, by walking the store's links.</summary>
internal sealed class StorageUsage(RegistryPaths paths, ManifestStore manifestStore)
{
    public IReadOnlyList<RepositoryUsage> PerRepository()
    {
        if (!Directory.Exists(paths.Repositories))
        {
            return [];
        }

        // A repository is a directory holding _manifests or _layers; name components never start
        // with '_', which rules out tags named "_layers" deeper down.
        return Directory.EnumerateDirectories(paths.Repositories, "_*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is "_manifests" or "_layers")
            .Select(d => Path.GetRelativePath(paths.Repositories, Path.GetDirectoryName(d)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => !name.Split('/').Any(component => component.StartsWith('_')))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(Measure)
            .ToList();
    }

    /// <summary>Bytes in the blob store itself, where every blob is stored once.</summary>
    public long TotalBytes()
    {
        var blobs = Path.Combine(paths.Root, "blobs");
        return Directory.Exists(blobs)
            ? Directory.EnumerateFiles(blobs, "data", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
    }

    private RepositoryUsage Measure(string name)
    {
        var repository = paths.Repository(name);
        var layers = LinkedDigests(Path.Combine(repository, "_layers"));
        var manifests = LinkedDigests(Path.Combine(repository, "_manifests", "revisions"));
        var tags = manifestStore.ListTags(name)?.Count ?? 0;
        var bytes = layers.Union(manifests).Sum(digest => new FileInfo(paths.Blob(digest)) is { Exists: true } file ? file.Length : 0);
        return new RepositoryUsage(name, tags, manifests.Count, bytes);
    }

    /// <summary>The digests of the &lt;alg&gt;/&lt;hex&gt;/link entries under <paramref name="directory"/>.</summary>
    private static HashSet<Digest> LinkedDigests(string directory)
    {
        var digests = new HashSet<Digest>();
        if (!Directory.Exists(directory))
        {
            return digests;
        }

        foreach (var algorithm in Directory.GetDirectories(directory))
        {
            foreach (var entry in Directory.GetDirectories(algorithm))
            {
                if (File.Exists(Path.Combine(entry, "link")) && Digest.TryParse($"{Path.GetFileName(algorithm)}:{Path.GetFileName(entry)}", out var digest))
                {
                    digests.Add(digest.Value);
                }
            }
        }

        return digests;
    }
}
