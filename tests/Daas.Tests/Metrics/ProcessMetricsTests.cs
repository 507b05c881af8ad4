using Daas.Metrics;

namespace Daas.Tests.Metrics;

public sealed class ProcessMetricsTests
{
    [Theory]
    [InlineData("VmRSS:", 46172L)]
    [InlineData("Threads:", 23L)]
    [InlineData("Max open files", 1048576L)]
    [InlineData("VmSwap:", null)]
    public void Field_ProcFileLine_IsTheFirstNumberAfterTheKey(string key, long? expected)
    {
        const string text = "Name:\tDaas\nVmRSS:\t   46172 kB\nThreads:\t23\nMax open files            1048576              1048576              files     \n";

        Assert.Equal(expected, ProcessMetrics.Field(text, key));
    }

    [Fact]
    public void WriteTo_ThisProcess_HasMemoryThreadsAndDescriptors()
    {
        // Arrange
        var writer = new PrometheusWriter();

        // Act
        new ProcessMetrics().WriteTo(writer);
        var samples = writer.ToString().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => double.Parse(l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));

        // Assert
        Assert.True(samples["process_resident_memory_bytes"] > 1 << 20);
        Assert.True(samples["process_threads"] >= 1);
        Assert.True(samples["process_open_fds"] >= 3);
        Assert.True(samples["process_start_time_seconds"] > 1.7e9);
        Assert.True(samples["dotnet_gc_collections_total{generation=\"0\"}"] >= 0);
    }
}
