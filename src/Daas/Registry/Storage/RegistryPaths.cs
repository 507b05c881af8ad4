using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// The only code that knows the registry's disk layout. Callers pass validated names and
/// digests (see <see cref="RepositoryName"/>, <see cref="Digest"/>), so no path leaves the root.
/// <code>
/// &lt;root&gt;/
///   blobs/&lt;alg&gt;/&lt;hex[0..2]&gt;/&lt;hex&gt;/data              content, written once, never changed
///   repositories/&lt;name&gt;/
///     _layers/&lt;alg&gt;/&lt;hex&gt;/link                        the blob belongs to this repository
///     _manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link            a manifest pushed here
///     _manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/mediatype       its Content-Type
///     _manifests/tags/&lt;tag&gt;/current/link                 the digest the tag points at
///     _manifests/referrers/&lt;alg&gt;/&lt;subjectHex&gt;/&lt;alg&gt;/&lt;hex&gt;/link
///                                                        manifest &lt;hex&gt;, pushed here, names &lt;subjectHex&gt; as its subject
///     _uploads/&lt;id&gt;/data, startedat                      an upload in progress
///     _uploads/&lt;id&gt;/committing                          its data while a PUT verifies and commits it
/// </code>
/// A link file is the fact; its directory alone means nothing. API deletes remove the link (and the
/// revision's mediatype) but leave the emptied directories in place, so a delete never races a
/// push that is writing into the same directory; readers always look for the link. Garbage
/// collection removes whole blob and dangling link directories, each under the registry lock that
/// blob commits, mounts and manifest pushes also hold.
/// </summary>
internal sealed class RegistryPaths(string root)
{
    public const string ManifestsFolder = "_manifests";
    public const string LayersFolder = "_layers";

    public string Root { get; } = root;

    /// <summary>The root of the content-addressed blob store, shared by all repositories.</summary>
    public string Blobs => Path.Combine(Root, "blobs");

    public string Blob(Digest digest) => Path.Combine(Blobs, digest.Algorithm, digest.Hex[..2], digest.Hex, "data");

    public string Repositories => Path.Combine(Root, "repositories");

    public string Repository(string name) => Path.Combine(Repositories, name);

    /// <summary>The directory holding one link per blob the repository may serve.</summary>
    public string Layers(string name) => Path.Combine(Repository(name), LayersFolder);

    public string LayerLink(string name, Digest digest) => Path.Combine(Layers(name), digest.Algorithm, digest.Hex, "link");

    public string Manifests(string name) => Path.Combine(Repository(name), ManifestsFolder);

    /// <summary>The directory holding one link per manifest pushed to the repository.</summary>
    public string ManifestRevisions(string name) => Path.Combine(Manifests(name), "revisions");

    public string ManifestRevisionLink(string name, Digest digest) => Path.Combine(ManifestRevision(name, digest), "link");

    public string ManifestMediaType(string name, Digest digest) => Path.Combine(ManifestRevision(name, digest), "mediatype");

    public string Tags(string name) => Path.Combine(Manifests(name), "tags");

    public string TagLink(string name, string tag) => Path.Combine(Tags(name), tag, "current", "link");

    /// <summary>The directory holding one link per manifest whose subject is <paramref name="subject"/>.</summary>
    public string Referrers(string name, Digest subject) => Path.Combine(Manifests(name), "referrers", subject.Algorithm, subject.Hex);

    public string ReferrerLink(string name, Digest subject, Digest referrer) => Path.Combine(Referrers(name, subject), referrer.Algorithm, referrer.Hex, "link");

    public string Uploads(string name) => Path.Combine(Repository(name), "_uploads");

    public string Upload(string name, string id) => Path.Combine(Uploads(name), id);

    public string UploadData(string name, string id) => Path.Combine(Upload(name, id), "data");

    /// <summary>The upload's data once completion has claimed it, so no further chunk can reach it.</summary>
    public string UploadCommitting(string name, string id) => Path.Combine(Upload(name, id), "committing");

    public string UploadStartedAt(string name, string id) => Path.Combine(Upload(name, id), "startedat");

    private string ManifestRevision(string name, Digest digest) => Path.Combine(ManifestRevisions(name), digest.Algorithm, digest.Hex);
}
