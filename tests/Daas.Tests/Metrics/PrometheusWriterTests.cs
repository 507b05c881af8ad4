using Daas.Metrics;

namespace Daas.Tests.Metrics;

public sealed class PrometheusWriterTests
{
    [Fact]
    public void Counter_HelpAndLabelValuesWithSpecialCharacters_AreEscapedPerTheFormat()
    {
        // Arrange
        var writer = new PrometheusWriter();

        // Act
        writer.Counter("daas_things_total", "Things with a \\ backslash,\na newline and \"quotes\".");
        writer.Sample("daas_things_total", 3, ("app", "we\"b"), ("path", "C:\\x\ny"));
        writer.Sample("daas_things_total", 0, ("app", "plain"));

        // Assert: in HELP only \ and newline are escaped; in label values " too
        Assert.Equal(
            """
            # HELP daas_things_total Things with a \\ backslash,\na newline and "quotes".
            # TYPE daas_things_total counter
            daas_things_total{app="we\"b",path="C:\\x\ny"} 3
            daas_things_total{app="plain"} 0

            """,
            writer.ToString());
    }

    [Fact]
    public void Gauge_WithoutLabels_WritesTypeGaugeAndTheBareName()
    {
        // Arrange
        var writer = new PrometheusWriter();

        // Act
        writer.Gauge("process_open_fds", "Open file descriptors.");
        writer.Sample("process_open_fds", 12);
        writer.Gauge("process_start_time_seconds", "Start.");
        writer.Sample("process_start_time_seconds", 1764590400.25);

        // Assert
        Assert.Equal(
            """
            # HELP process_open_fds Open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 12
            # HELP process_start_time_seconds Start.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1764590400.25

            """,
            writer.ToString());
    }

    [Fact]
    public void HistogramSample_PerBucketCounts_AreWrittenCumulativeWithInfSumAndCount()
    {
        // Arrange: 2 requests up to 0.1 s, 3 more up to 1 s, 1 longer
        var writer = new PrometheusWriter();

        // Act
        writer.Histogram("daas_duration_seconds", "Durations.");
        writer.HistogramSample("daas_duration_seconds", [0.1, 1], [2, 3, 1], 4.5, ("app", "web"));

        // Assert
        Assert.Equal(
            """
            # HELP daas_duration_seconds Durations.
            # TYPE daas_duration_seconds histogram
            daas_duration_seconds_bucket{app="web",le="0.1"} 2
            daas_duration_seconds_bucket{app="web",le="1"} 5
            daas_duration_seconds_bucket{app="web",le="+Inf"} 6
            daas_duration_seconds_sum{app="web"} 4.5
            daas_duration_seconds_count{app="web"} 6

            """,
            writer.ToString());
    }

    [Fact]
    public void HistogramSample_WithoutLabels_PutsOnlyLeInTheBraces()
    {
        var writer = new PrometheusWriter();

        writer.HistogramSample("d", [0.005], [0, 0], 0);

        Assert.Equal("d_bucket{le=\"0.005\"} 0\nd_bucket{le=\"+Inf\"} 0\nd_sum 0\nd_count 0\n", writer.ToString());
    }

    [Fact]
    public void HistogramSample_BucketCountsNotOneMoreThanBounds_Throws()
    {
        var writer = new PrometheusWriter();

        Assert.Throws<ArgumentException>(() => writer.HistogramSample("d", [0.1, 1], [1, 2], 0));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(2.5, "2.5")]
    [InlineData(10d, "10")]
    [InlineData(0d, "0")]
    public void Number_Value_IsWrittenAsPrometheusParsesIt(double value, string expected)
    {
        Assert.Equal(expected, PrometheusWriter.Number(value));
    }
}
