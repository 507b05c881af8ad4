using System.Text;
using Daas.IO;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// Which manifests of a repository name a given manifest as their <c>subject</c>: one link file per
/// referrer, so a push or a delete touches one small file and the referrers API lists a directory.
/// A link is written before the referrer's revision link and removed after it, so after a crash a
/// link may name a manifest that is not (or no longer) there: readers must check the manifest.
/// </summary>
internal sealed class ReferrerStore(RegistryPaths paths)
{
    public Task LinkAsync(string repository, Digest subject, Digest referrer, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(paths.ReferrerLink(repository, subject, referrer), Encoding.UTF8.GetBytes(referrer.ToString()), cancellationToken);

    public bool Unlink(string repository, Digest subject, Digest referrer) => AtomicFile.DeleteFile(paths.ReferrerLink(repository, subject, referrer));

    /// <summary>The digests linked as referrers of <paramref name="subject"/>, in lexical order; empty when there are none.</summary>
    public IReadOnlyList<Digest> List(string repository, Digest subject)
    {
        var referrers = LinkWalker.Links(paths.Referrers(repository, subject)).Select(link => link.Digest);
        return referrers.OrderBy(digest => digest.ToString(), StringComparer.Ordinal).ToList();
    }
}
