using Daas.Registry;
using Daas.Registry.Model;
using Daas.State;

namespace Daas.Deploy;

/// <summary>Tells registry GC to keep the images of each app's last <see cref="ReleasesKept"/> releases, for rollbacks.</summary>
internal sealed class RetainedReleaseImages(ReleaseRepository releases) : IRetainedImages
{
    public const int ReleasesKept = 10;

    public async Task<IReadOnlyCollection<(string Repository, Digest Manifest)>> ListAsync(CancellationToken cancellationToken) =>
        (await releases.ListRecentAsync(ReleasesKept, null, cancellationToken))
            .Select(r => Digest.TryParse(r.Digest, out var digest) ? (r.App, digest.Value) : default)
            .Where(pair => pair.App is not null)
            .Distinct()
            .ToList();
}
