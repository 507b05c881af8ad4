using System.Globalization;
using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Metrics;

[Collection(SharedDaasServer.Name)]
public sealed class MetricsEndpointTests(DaasFixture fixture)
{
    private const int Requests = 25;

    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Metrics_AfterRequestsToAnApp_CountsEachRequestAndTheDeploy()
    {
        // Given an app pushed and serving, and the counters once its warm-up requests have ended
        await fixture.BuildAndPushAsync("metered", "metered v1");
        Assert.True(await Server.WaitForAppAsync("metered", "metered v1"), Server.Output);
        var before = await SettledAsync("metered");

        // When N requests are sent to it through DaaS
        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Server.GetAppAsync("metered")).Status);
        }

        // Then its 2xx counter and its latency histogram's count went up by exactly N
        var after = await SettledAsync("metered");
        Assert.Equal(Value(before, """daas_http_requests_total{app="metered",code="2xx"}""") + Requests,
            Value(after, """daas_http_requests_total{app="metered",code="2xx"}"""));
        Assert.Equal(Value(before, """daas_http_request_duration_seconds_count{app="metered"}""") + Requests,
            Value(after, """daas_http_request_duration_seconds_count{app="metered"}"""));
        Assert.Equal(Value(after, """daas_http_request_duration_seconds_count{app="metered"}"""),
            Value(after, """daas_http_request_duration_seconds_bucket{app="metered",le="+Inf"}"""));
        Assert.True(Value(after, """daas_http_upstream_received_bytes_total{app="metered"}""") > Value(before, """daas_http_upstream_received_bytes_total{app="metered"}"""));
        Assert.Equal(0, Value(after, """daas_http_requests_in_flight{app="metered"}"""));

        // And its deploy counted as succeeded, the push and the engine's pull in the registry's counters
        Assert.Equal(1, Value(after, """daas_deploys_total{app="metered",outcome="succeeded"}"""));
        Assert.Equal(0, Value(after, """daas_deploys_total{app="metered",outcome="failed"}"""));
        Assert.True(Value(after, "daas_registry_manifest_pushes_total") >= 1);
        Assert.True(Value(after, "daas_registry_blob_upload_bytes_total") > 0);
        // (the engine built the image itself, so its pull fetches the manifest only, no blob)
        Assert.True(Value(after, "daas_registry_manifest_pulls_total") >= 1, after);
        Assert.True(Value(after, """daas_client_connections{listener="http"}""") >= 1);
        Assert.True(Value(after, "process_resident_memory_bytes") > 1 << 20);
        Assert.Contains("# TYPE daas_http_request_duration_seconds histogram\n", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithCredentials_IsPrometheusText()
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Get, "metrics");
        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.NonValidated["Content-Type"].ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# HELP process_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutCredentials_Is401()
    {
        using var response = await Server.Http.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("daas_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OnAnAppsHost_IsForwardedToTheApp()
    {
        // Given an app (busybox httpd: it has no /metrics, so it answers 404)
        await fixture.BuildAndPushAsync("ownmetrics", "own metrics v1");
        Assert.True(await Server.WaitForAppAsync("ownmetrics", "own metrics v1"), Server.Output);
        var before = await SettledAsync("ownmetrics");

        // When /metrics is asked of the app's host, with DaaS's credentials even
        using var request = Server.AuthorizedRequest(HttpMethod.Get, "metrics");
        request.Headers.Host = $"ownmetrics.{Server.Domain}";
        using var response = await Server.Http.SendAsync(request);

        // Then the app answered it, not DaaS: its 404, counted in the app's traffic
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("daas_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await SettledAsync("ownmetrics");
        Assert.Equal(Value(before, """daas_http_requests_total{app="ownmetrics",code="4xx"}""") + 1,
            Value(after, """daas_http_requests_total{app="ownmetrics",code="4xx"}"""));
    }

    /// <summary>
    /// A scrape once the app has no request in flight and two scrapes agree on its finished
    /// requests: a client can read a response a moment before the proxy counts it.
    /// </summary>
    private async Task<string> SettledAsync(string app)
    {
        var previous = await ScrapeAsync();
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(100);
            var current = await ScrapeAsync();
            var finished = $$"""daas_http_request_duration_seconds_count{app="{{app}}"}""";
            if (Value(current, $$"""daas_http_requests_in_flight{app="{{app}}"}""") == 0 && Value(current, finished) == Value(previous, finished))
            {
                return current;
            }

            previous = current;
        }

        Assert.Fail($"the counters of {app} did not settle:\n{previous}");
        return previous;
    }

    private async Task<string> ScrapeAsync()
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Get, "metrics");
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one series (name and labels exactly as written); fails if the page has none.</summary>
    private static double Value(string page, string series)
    {
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in:\n{page}");
        return double.Parse(line![(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
