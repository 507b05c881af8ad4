using System.Globalization;
using System.Text;

namespace Daas.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: per family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples, all together. HELP text escapes <c>\</c> and newlines,
/// label values also <c>"</c>. Names and label names are the caller's constants and are not checked.
/// </summary>
internal sealed class PrometheusWriter
{
    /// <summary>The Content-Type of the text format, as Prometheus asks for it.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a counter family; its name should end in <c>_total</c>.</summary>
    public void Counter(string name, string help) => Family(name, "counter", help);

    public void Gauge(string name, string help) => Family(name, "gauge", help);

    /// <summary>Starts a histogram family; write its samples with <see cref="HistogramSample"/>.</summary>
    public void Histogram(string name, string help) => Family(name, "histogram", help);

    public void Sample(string name, long value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        Series(name, labels);
        _text.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        Series(name, labels);
        _text.Append(Number(value)).Append('\n');
    }

    /// <summary>
    /// One histogram series: cumulative <c>_bucket{le=…}</c> lines from per-bucket counts (one
    /// more than <paramref name="bounds"/>: the last counts what exceeded every bound), then
    /// <c>le="+Inf"</c>, <c>_sum</c> and <c>_count</c>, where the count is the +Inf bucket's.
    /// </summary>
    public void HistogramSample(string name, ReadOnlySpan<double> bounds, ReadOnlySpan<long> perBucket, double sum, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (perBucket.Length != bounds.Length + 1)
        {
            throw new ArgumentException($"{bounds.Length} bounds need {bounds.Length + 1} bucket counts, not {perBucket.Length}", nameof(perBucket));
        }

        long cumulative = 0;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += perBucket[i];
            Series(name + "_bucket", labels, ("le", i < bounds.Length ? Number(bounds[i]) : "+Inf"));
            _text.Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Sample(name + "_sum", sum, labels);
        Sample(name + "_count", cumulative, labels);
    }

    public override string ToString() => _text.ToString();

    /// <summary>A value as Prometheus reads it: shortest round-trip form, or +Inf, -Inf, NaN.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append(@"\\"),
                '\n' => _text.Append(@"\n"),
                _ => _text.Append(c),
            };
        }

        _text.Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private void Series(string name, ReadOnlySpan<(string Name, string Value)> labels, (string Name, string Value)? last = null)
    {
        _text.Append(name);
        if (labels.Length > 0 || last is not null)
        {
            _text.Append('{');
            var first = true;
            foreach (var (label, value) in labels)
            {
                Label(label, value, ref first);
            }

            if (last is { } extra)
            {
                Label(extra.Name, extra.Value, ref first);
            }

            _text.Append('}');
        }

        _text.Append(' ');
    }

    private void Label(string name, string value, ref bool first)
    {
        if (!first)
        {
            _text.Append(',');
        }

        first = false;
        _text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => _text.Append(@"\\"),
                '"' => _text.Append("\\\""),
                '\n' => _text.Append(@"\n"),
                _ => _text.Append(c),
            };
        }

        _text.Append('"');
    }
}
