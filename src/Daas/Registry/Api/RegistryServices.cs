using Daas.Metrics;
using Daas.Registry.Storage;

namespace Daas.Registry.Api;

/// <summary>What the registry endpoints need, in one holder so handler signatures stay short.</summary>
internal sealed class RegistryServices(
    BlobStore blobs,
    UploadStore uploads,
    ManifestStore manifests,
    ReferrerStore referrers,
    RegistryLock registryLock,
    IEnumerable<IImagePushedListener> listeners,
    RegistryMetrics metrics,
    ILogger<RegistryServices> logger)
{
    public BlobStore Blobs { get; } = blobs;
    public UploadStore Uploads { get; } = uploads;
    public ManifestStore Manifests { get; } = manifests;
    public ReferrerStore Referrers { get; } = referrers;
    public RegistryLock Lock { get; } = registryLock;
    public IEnumerable<IImagePushedListener> Listeners { get; } = listeners;
    public RegistryMetrics Metrics { get; } = metrics;
    public ILogger Logger { get; } = logger;
}
