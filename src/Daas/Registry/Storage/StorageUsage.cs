using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// One repository's share of the store: its tags and manifests, and the bytes of the distinct
/// blobs (layers, configs, manifests) it links. Blobs shared by repositories count in each.
/// </summary>
internal sealed record RepositoryUsage(string Name, int Tags, int Manifests, long Bytes);

/// <summary>One tag: the manifest it points at, that manifest's media type, and the bytes of the manifest and everything it references (each blob once).</summary>
internal sealed record TagUsage(string Tag, Digest Digest, string MediaType, long Bytes);

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

    /// <summary>
    /// The repository's tags with their sizes: the manifest, its config and layers (an index's child
    /// manifests and theirs), each distinct blob counted once. Null when the repository has no manifests.
    /// </summary>
    public async Task<IReadOnlyList<TagUsage>?> TagsAsync(string repository, CancellationToken cancellationToken)
    {
        if (manifestStore.ListTags(repository) is not { } tags)
        {
            return null;
        }

        var usages = new List<TagUsage>();
        foreach (var tag in tags)
        {
            if (await manifestStore.ResolveTagAsync(repository, tag, cancellationToken) is { } digest
                && await manifestStore.GetAsync(repository, digest, cancellationToken) is { } manifest)
            {
                var blobs = new HashSet<Digest>();
                await CollectAsync(repository, manifest, blobs, cancellationToken);
                var bytes = blobs.Sum(blob => new FileInfo(paths.Blob(blob)) is { Exists: true } file ? file.Length : 0);
                usages.Add(new TagUsage(tag, digest, manifest.MediaType, bytes));
            }
        }

        return usages;
    }

    /// <summary>Adds the manifest and what it references, reading an index's children in turn (each manifest once).</summary>
    private async Task CollectAsync(string repository, StoredManifest manifest, HashSet<Digest> blobs, CancellationToken cancellationToken)
    {
        if (!blobs.Add(manifest.Digest))
        {
            return;
        }

        var (references, children) = StoredManifestReferences.Read(manifest.Content);
        blobs.UnionWith(references);
        foreach (var child in children)
        {
            if (await manifestStore.GetAsync(repository, child, cancellationToken) is { } stored)
            {
                await CollectAsync(repository, stored, blobs, cancellationToken);
            }
        }
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
