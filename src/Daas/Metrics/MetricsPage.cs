namespace Daas.Metrics;

/// <summary>
/// Renders GET /metrics from the counters the parts keep: each app's proxy traffic, deploys,
/// the registry, client connections and the process. Everything is read here, when scraped;
/// nothing on this page adds work to a proxied request.
/// </summary>
internal sealed class MetricsPage(
    TrafficMetrics traffic,
    DeployMetrics deploys,
    RegistryMetrics registry,
    ClientConnections connections,
    ProcessMetrics process)
{
    private static readonly string[] StatusClasses = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

    public string Render()
    {
        var writer = new PrometheusWriter();
        WriteTraffic(writer, traffic.All);
        deploys.WriteTo(writer);
        registry.WriteTo(writer);
        connections.WriteTo(writer);
        process.WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>The proxy's counters per app (<see cref="AppTraffic"/>), one family at a time as the format asks.</summary>
    public static void WriteTraffic(PrometheusWriter writer, IReadOnlyList<AppTraffic> apps)
    {
        writer.Counter("daas_http_requests_total", "Requests to the app's host that DaaS's proxy finished, by status class of the answer (the password prompt of daas.auth=password and DaaS's 502 page included).");
        foreach (var app in apps)
        {
            for (var statusClass = 1; statusClass < StatusClasses.Length; statusClass++)
            {
                writer.Sample("daas_http_requests_total", app.Requests(statusClass), ("app", app.App), ("code", StatusClasses[statusClass]));
            }

            if (app.Requests(0) is var other and > 0)
            {
                writer.Sample("daas_http_requests_total", other, ("app", app.App), ("code", StatusClasses[0]));
            }
        }

        writer.Histogram("daas_http_request_duration_seconds", "Time from a request's arrival at the proxy to the end of its answer, body included, in seconds.");
        Span<long> buckets = stackalloc long[AppTraffic.LatencyBounds.Length + 1];
        foreach (var app in apps)
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = app.LatencyBucket(i);
            }

            writer.HistogramSample("daas_http_request_duration_seconds", AppTraffic.LatencyBounds, buckets, app.LatencySeconds, ("app", app.App));
        }

        PerApp(writer, apps, writer.Counter, "daas_http_upstream_sent_bytes_total", "Bytes DaaS sent to the app's containers: requests as on the wire, headers included.", a => a.RequestBytes);
        PerApp(writer, apps, writer.Counter, "daas_http_upstream_received_bytes_total", "Bytes DaaS received from the app's containers: responses as on the wire, headers included.", a => a.ResponseBytes);
        PerApp(writer, apps, writer.Gauge, "daas_http_requests_in_flight", "Requests to the app's host being served now (held ones during a stop-first deploy included).", a => a.InFlight);
        PerApp(writer, apps, writer.Gauge, "daas_http_upstream_connections", "Open connections from DaaS to the app's containers.", a => a.OpenConnections);
    }

    /// <summary>One family with one sample per app.</summary>
    private static void PerApp(PrometheusWriter writer, IReadOnlyList<AppTraffic> apps, Action<string, string> family, string name, string help, Func<AppTraffic, long> value)
    {
        family(name, help);
        foreach (var app in apps)
        {
            writer.Sample(name, value(app), ("app", app.App));
        }
    }
}
