using System.Text;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>A manifest as stored: its bytes, digest and the media type it was pushed with.</summary>
internal sealed record StoredManifest(Digest Digest, string MediaType, byte[] Content);

/// <summary>
/// Manifests per repository: the content lives in the <see cref="BlobStore"/>, a revision link
/// says the repository has it, a tag link points a tag at one digest, and a referrer link (see
/// <see cref="ReferrerStore"/>) records the manifest's subject. Writes go content → referrer link →
/// revision link → tag, deletes the other way round, so no tag ever names a missing revision.
/// </summary>
internal sealed class ManifestStore(RegistryPaths paths, BlobStore blobs, ReferrerStore referrers)
{
    /// <summary>
    /// Stores the manifest and, when <paramref name="tag"/> is given, moves the tag to it (last
    /// writer wins). A <paramref name="subject"/> links the manifest as one of that digest's referrers.
    /// </summary>
    public async Task PutAsync(string repository, string? tag, StoredManifest manifest, Digest? subject, CancellationToken cancellationToken)
    {
        await blobs.PutAsync(repository, manifest.Digest, manifest.Content, cancellationToken);
        if (subject is { } subjectDigest)
        {
            await referrers.LinkAsync(repository, subjectDigest, manifest.Digest, cancellationToken);
        }

        await AtomicFile.WriteAllBytesAsync(paths.ManifestMediaType(repository, manifest.Digest), Encoding.UTF8.GetBytes(manifest.MediaType), cancellationToken);
        await AtomicFile.WriteAllBytesAsync(paths.ManifestRevisionLink(repository, manifest.Digest), Encoding.UTF8.GetBytes(manifest.Digest.ToString()), cancellationToken);
        if (tag is not null)
        {
            await AtomicFile.WriteAllBytesAsync(paths.TagLink(repository, tag), Encoding.UTF8.GetBytes(manifest.Digest.ToString()), cancellationToken);
        }
    }

    /// <summary>The digest a tag points at, or null.</summary>
    public async Task<Digest?> ResolveTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        var link = paths.TagLink(repository, tag);
        if (!File.Exists(link))
        {
            return null;
        }

        return Digest.TryParse((await File.ReadAllTextAsync(link, cancellationToken)).Trim(), out var digest) ? digest : null;
    }

    /// <summary>The manifest with this digest if it was pushed to this repository, or null.</summary>
    public async Task<StoredManifest?> GetAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var link = paths.ManifestRevisionLink(repository, digest);
        var blob = paths.Blob(digest);
        if (!File.Exists(link) || !File.Exists(blob))
        {
            return null;
        }

        var mediaTypePath = paths.ManifestMediaType(repository, digest);
        var mediaType = File.Exists(mediaTypePath) ? await File.ReadAllTextAsync(mediaTypePath, cancellationToken) : MediaTypes.OciManifest;
        return new StoredManifest(digest, mediaType, await File.ReadAllBytesAsync(blob, cancellationToken));
    }

    public bool HasManifest(string repository, Digest digest) => File.Exists(paths.ManifestRevisionLink(repository, digest));

    /// <summary>The size in bytes of the manifest with this digest if it was pushed to this repository, or null.</summary>
    public long? Size(string repository, Digest digest)
    {
        var blob = new FileInfo(paths.Blob(digest));
        return HasManifest(repository, digest) && blob.Exists ? blob.Length : null;
    }

    /// <summary>
    /// Removes the manifest from the repository: every tag that points at it, its revision and,
    /// when it has a <paramref name="subject"/>, its referrer link. False if it was not here.
    /// </summary>
    public async Task<bool> DeleteAsync(string repository, Digest digest, Digest? subject, CancellationToken cancellationToken)
    {
        if (!HasManifest(repository, digest))
        {
            return false;
        }

        foreach (var tag in ListTags(repository) ?? [])
        {
            if (await ResolveTagAsync(repository, tag, cancellationToken) == digest)
            {
                DeleteTag(repository, tag);
            }
        }

        AtomicFile.DeleteFile(paths.ManifestRevisionLink(repository, digest));
        AtomicFile.DeleteFile(paths.ManifestMediaType(repository, digest));
        if (subject is { } subjectDigest)
        {
            referrers.Unlink(repository, subjectDigest, digest);
        }

        return true;
    }

    /// <summary>Removes the tag, leaving the manifest it pointed at; false if there was no such tag.</summary>
    public bool DeleteTag(string repository, string tag) => AtomicFile.DeleteFile(paths.TagLink(repository, tag));

    /// <summary>The repository's tags in lexical (ordinal) order, or null when no manifest was ever pushed to it.</summary>
    public IReadOnlyList<string>? ListTags(string repository)
    {
        if (!Directory.Exists(paths.Manifests(repository)))
        {
            return null;
        }

        var tags = paths.Tags(repository);
        return Directory.Exists(tags)
            ? Directory.GetDirectories(tags).Select(Path.GetFileName).OfType<string>()
                .Where(tag => File.Exists(paths.TagLink(repository, tag)))
                .Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Every repository with at least one manifest, in lexical order.</summary>
    public IReadOnlyList<string> ListRepositories()
    {
        var root = paths.Repositories;
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root, RegistryPaths.ManifestsFolder, SearchOption.AllDirectories)
            .Select(manifests => Path.GetRelativePath(root, Path.GetDirectoryName(manifests)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => !name.Contains("/_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
