namespace Daas.Web.Api;

/// <summary>
/// One registry repository as the API shows it: the bytes of the distinct blobs it links (blobs
/// shared with other repositories count in each), and its tags.
/// </summary>
internal sealed record RepositoryView(string Name, long SizeBytes, IReadOnlyList<TagView> Tags);

/// <summary>A tag: the manifest it points at, its media type, and the bytes of the manifest with its config and layers, each blob once.</summary>
internal sealed record TagView(string Tag, string Digest, long SizeBytes, string MediaType);

/// <summary>What DELETE /api/registry/repositories/{name}/tags/{tag} removed: the tag, and the manifest it pointed at (kept until GC).</summary>
internal sealed record DeletedTagView(string Repository, string Tag, string Digest);
