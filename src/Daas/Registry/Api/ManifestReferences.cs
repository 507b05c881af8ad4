using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Registry.Api;

/// <summary>
/// Checks a pushed manifest against the repository: every blob (image manifest) or manifest
/// (index) it references must be here with exactly the size its descriptor declares. The
/// <c>subject</c> is not checked: spec 1.1 lets referrers be pushed before their subject. Each
/// reference found is touched: the caller holds the registry lock, and a garbage collection whose
/// mark began earlier spares every blob touched since (see <see cref="GarbageCollector"/>).
/// </summary>
internal static class ManifestReferences
{
    /// <summary>The error to answer with, or null when every reference resolves. Call it under the registry lock.</summary>
    public static IResult? Check(RegistryServices services, string repository, ParsedManifest parsed)
    {
        foreach (var descriptor in parsed.Descriptors)
        {
            var size = parsed.IsIndex
                ? services.Manifests.Size(repository, descriptor.Digest)
                : services.Blobs.Find(repository, descriptor.Digest)?.Length;
            var kind = parsed.IsIndex ? "manifest" : "blob";
            if (size is null)
            {
                return RegistryErrors.Result(RegistryErrorCode.ManifestBlobUnknown, $"{kind} {descriptor.Digest} is not in {repository}");
            }

            if (size != descriptor.Size)
            {
                return RegistryErrors.Result(RegistryErrorCode.ManifestInvalid,
                    $"size mismatch: the descriptor of {kind} {descriptor.Digest} declares {descriptor.Size} bytes, the stored {kind} has {size}");
            }

            services.Blobs.Touch(descriptor.Digest);
        }

        return null;
    }
}
