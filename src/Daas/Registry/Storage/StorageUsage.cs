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
    public IReadOnlyList<RepositoryUsage> PerRepository() => LinkWalker.Repositories(paths).Select(Measure).ToList();

    /// <summary>Bytes in the blob store itself, where every blob is stored once.</summary>
    public long TotalBytes()
    {
        return Directory.Exists(paths.Blobs)
            ? Directory.EnumerateFiles(paths.Blobs, "data", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
    }

    private RepositoryUsage Measure(string name)
    {
        var layers = LinkWalker.Links(paths.Layers(name)).Select(link => link.Digest).ToHashSet();
        var manifests = LinkWalker.Links(paths.ManifestRevisions(name)).Select(link => link.Digest).ToHashSet();
        var tags = manifestStore.ListTags(name)?.Count ?? 0;
        var bytes = layers.Union(manifests).Sum(digest => new FileInfo(paths.Blob(digest)) is { Exists: true } file ? file.Length : 0);
        return new RepositoryUsage(name, tags, manifests.Count, bytes);
    }
}
