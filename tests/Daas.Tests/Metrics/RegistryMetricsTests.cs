using System.Text;
using Daas.Metrics;
using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Metrics;

public sealed class RegistryMetricsTests
{
    [Fact]
    public async Task StorageBytes_WithinAMinuteOfTheLastMeasure_IsNotMeasuredAgain()
    {
        // Arrange
        using var root = new TempDirectory();
        var paths = new RegistryPaths(root.Path);
        var blobs = new BlobStore(paths, TimeProvider.System);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var metrics = new RegistryMetrics(new StorageUsage(paths, new ManifestStore(paths, blobs, new ReferrerStore(paths))), time);
        var first = Encoding.UTF8.GetBytes("first");
        await blobs.PutAsync("a", Digest.Sha256(first), first, CancellationToken.None);
        Assert.Equal(first.Length, metrics.StorageBytes());
        var second = Encoding.UTF8.GetBytes("second blob");
        await blobs.PutAsync("a", Digest.Sha256(second), second, CancellationToken.None);

        // Act
        time.Advance(TimeSpan.FromSeconds(59));
        var cached = metrics.StorageBytes();
        time.Advance(TimeSpan.FromSeconds(1));
        var measured = metrics.StorageBytes();

        // Assert
        Assert.Equal(first.Length, cached);
        Assert.Equal(first.Length + second.Length, measured);
    }

    [Fact]
    public void WriteTo_Counts_AreWrittenAsCounters()
    {
        // Arrange
        using var root = new TempDirectory();
        var paths = new RegistryPaths(root.Path);
        var metrics = new RegistryMetrics(new StorageUsage(paths, new ManifestStore(paths, new BlobStore(paths, TimeProvider.System), new ReferrerStore(paths))), TimeProvider.System);
        metrics.ManifestPushed();
        metrics.BlobUploaded(1000);
        metrics.BlobUploaded(24);
        metrics.BlobPulled();

        // Act
        var writer = new PrometheusWriter();
        metrics.WriteTo(writer);
        var lines = writer.ToString().Split('\n');

        // Assert
        Assert.Contains("# TYPE daas_registry_manifest_pushes_total counter", lines);
        Assert.Contains("daas_registry_manifest_pushes_total 1", lines);
        Assert.Contains("daas_registry_blob_uploads_total 2", lines);
        Assert.Contains("daas_registry_blob_upload_bytes_total 1024", lines);
        Assert.Contains("daas_registry_blob_pulls_total 1", lines);
        Assert.Contains("daas_registry_manifest_pulls_total 0", lines);
        Assert.Contains("daas_registry_storage_bytes 0", lines);
    }
}
