using Daas.Registry.Storage;

namespace Daas.Metrics;

/// <summary>
/// The registry's counters, one Interlocked add where a push or pull completes (never per byte),
/// and the store's size, measured by walking the blobs at most once per
/// <see cref="StorageMaxAge"/> however often the metrics are scraped.
/// </summary>
internal sealed class RegistryMetrics(StorageUsage usage, TimeProvider time)
{
    /// <summary>How old the storage figure may be: walking a large store on every scrape would cost more than the figure is worth.</summary>
    public static readonly TimeSpan StorageMaxAge = TimeSpan.FromMinutes(1);

    private readonly Lock _storageLock = new();
    private long _manifestsPushed;
    private long _blobsUploaded;
    private long _blobBytesUploaded;
    private long _manifestsPulled;
    private long _blobsPulled;
    private long _storageBytes;
    private DateTimeOffset _storageMeasured = DateTimeOffset.MinValue;

    public long ManifestsPushed => Interlocked.Read(ref _manifestsPushed);

    public long BlobsUploaded => Interlocked.Read(ref _blobsUploaded);

    public long BlobBytesUploaded => Interlocked.Read(ref _blobBytesUploaded);

    public long ManifestsPulled => Interlocked.Read(ref _manifestsPulled);

    public long BlobsPulled => Interlocked.Read(ref _blobsPulled);

    public void ManifestPushed() => Interlocked.Increment(ref _manifestsPushed);

    /// <summary>A blob upload was verified against its digest and stored; <paramref name="bytes"/> is its size.</summary>
    public void BlobUploaded(long bytes)
    {
        Interlocked.Increment(ref _blobsUploaded);
        Interlocked.Add(ref _blobBytesUploaded, bytes);
    }

    public void ManifestPulled() => Interlocked.Increment(ref _manifestsPulled);

    public void BlobPulled() => Interlocked.Increment(ref _blobsPulled);

    /// <summary>Bytes in the blob store (each blob once), measured again once the last figure is older than <see cref="StorageMaxAge"/>.</summary>
    public long StorageBytes()
    {
        lock (_storageLock)
        {
            var now = time.GetUtcNow();
            if (now - _storageMeasured >= StorageMaxAge)
            {
                _storageBytes = usage.TotalBytes();
                _storageMeasured = now;
            }

            return _storageBytes;
        }
    }

    public void WriteTo(PrometheusWriter writer)
    {
        writer.Counter("daas_registry_manifest_pushes_total", "Manifests stored by a PUT to the registry (each tag or digest pushed).");
        writer.Sample("daas_registry_manifest_pushes_total", ManifestsPushed);
        writer.Counter("daas_registry_blob_uploads_total", "Blob uploads completed: verified against their digest and stored (cross-repository mounts not counted).");
        writer.Sample("daas_registry_blob_uploads_total", BlobsUploaded);
        writer.Counter("daas_registry_blob_upload_bytes_total", "Bytes of the blob uploads completed (the blobs' sizes).");
        writer.Sample("daas_registry_blob_upload_bytes_total", BlobBytesUploaded);
        writer.Counter("daas_registry_manifest_pulls_total", "Manifests served by a GET (pulls; HEAD requests not counted).");
        writer.Sample("daas_registry_manifest_pulls_total", ManifestsPulled);
        writer.Counter("daas_registry_blob_pulls_total", "Blobs served by a GET, whole or a range (pulls; HEAD requests not counted).");
        writer.Sample("daas_registry_blob_pulls_total", BlobsPulled);
        writer.Gauge("daas_registry_storage_bytes", "Bytes in the registry's blob store, each blob once; measured at most once a minute.");
        writer.Sample("daas_registry_storage_bytes", StorageBytes());
    }
}
