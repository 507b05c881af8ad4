using Daas.Registry.Model;

namespace Daas.Registry;

/// <summary>
/// Manifests that garbage collection keeps, with everything they reference, whether or not a tag
/// or revision link still names them: the images recent releases ran, so that a rollback or a
/// redeploy can still pull them. The registry knows nothing of releases; Deploy provides this.
/// </summary>
internal interface IRetainedImages
{
    /// <summary>Manifest digests (image manifests or indexes) to keep, per repository.</summary>
    Task<IReadOnlyCollection<(string Repository, Digest Manifest)>> ListAsync(CancellationToken cancellationToken);
}
