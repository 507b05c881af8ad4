using System.Diagnostics;
using Daas.Metrics;

namespace Daas.Tests.Metrics;

public sealed class MetricsPageTests
{
    [Fact]
    public void WriteTraffic_FinishedRequests_AreCountedByStatusClassAndInTheHistogram()
    {
        // Arrange: two requests that started 7 s and 20 s ago (bucket le=10 and beyond every bound), one 502
        var traffic = new AppTraffic("web");
        var now = Stopwatch.GetTimestamp();
        traffic.RequestStarted();
        traffic.RequestEnded(200, now - (7 * Stopwatch.Frequency));
        traffic.RequestStarted();
        traffic.RequestEnded(502, now - (20 * Stopwatch.Frequency));
        traffic.RequestStarted();
        traffic.AddRequestBytes(100);
        traffic.AddResponseBytes(2000);

        // Act
        var writer = new PrometheusWriter();
        MetricsPage.WriteTraffic(writer, [traffic]);
        var lines = writer.ToString().Split('\n');

        // Assert
        Assert.Contains("daas_http_requests_total{app=\"web\",code=\"2xx\"} 1", lines);
        Assert.Contains("daas_http_requests_total{app=\"web\",code=\"5xx\"} 1", lines);
        Assert.Contains("daas_http_requests_total{app=\"web\",code=\"4xx\"} 0", lines);
        Assert.DoesNotContain(lines, l => l.Contains("code=\"other\"", StringComparison.Ordinal));
        Assert.Contains("daas_http_request_duration_seconds_bucket{app=\"web\",le=\"5\"} 0", lines);
        Assert.Contains("daas_http_request_duration_seconds_bucket{app=\"web\",le=\"10\"} 1", lines);
        Assert.Contains("daas_http_request_duration_seconds_bucket{app=\"web\",le=\"+Inf\"} 2", lines);
        Assert.Contains("daas_http_request_duration_seconds_count{app=\"web\"} 2", lines);
        Assert.Contains("daas_http_upstream_sent_bytes_total{app=\"web\"} 100", lines);
        Assert.Contains("daas_http_upstream_received_bytes_total{app=\"web\"} 2000", lines);
        Assert.Contains("daas_http_requests_in_flight{app=\"web\"} 1", lines);
        Assert.Contains("daas_http_upstream_connections{app=\"web\"} 0", lines);
        Assert.Equal(12, lines.Count(l => l.StartsWith("daas_http_request_duration_seconds_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteTraffic_EveryFamily_HasOneHelpAndOneTypeLineBeforeItsSamples()
    {
        // Arrange
        var writer = new PrometheusWriter();

        // Act
        MetricsPage.WriteTraffic(writer, [new AppTraffic("a"), new AppTraffic("b")]);

        // Assert: each family's samples follow its header, with no other family in between
        string? family = null;
        var seen = new HashSet<string>();
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
                Assert.True(seen.Add(family), $"{family} is written twice");
            }
            else if (!line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                Assert.StartsWith(family!, line, StringComparison.Ordinal);
            }
        }

        Assert.Equal(6, seen.Count);
    }
}
