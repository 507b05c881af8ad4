using System.Diagnostics;
using System.Globalization;
using System.Net;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Routing;

[Collection(SharedDaasServer.Name)]
public sealed class StreamingTests(DaasFixture fixture, ITestOutputHelper output)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Sse_EventsASecondApart_EachArrivesBeforeTheNextIsSent()
    {
        // Given the EdgeApp running
        await fixture.PushEdgeAppAsync("sse", "v1");
        Assert.True(await Server.WaitForAppAsync("sse", "edge-app v1"), Server.Output);

        // When a client asks for five events, one at once and then one a second
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse?count=5&intervalMs=1000");
        request.Headers.Host = $"sse.{Server.Domain}";
        var sent = Stopwatch.StartNew();
        using var response = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string Line, TimeSpan At)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                events.Add((line, sent.Elapsed));
            }
        }

        output.WriteLine(string.Join(", ", events.Select(e => $"'{e.Line}' at {e.At.TotalMilliseconds:0} ms")));

        // Then all five arrive in order, each within 900 ms of being sent: nothing holds them back
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"data: {i} v1"), events.Select(e => e.Line));
        for (var i = 0; i < events.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i) + TimeSpan.FromMilliseconds(900);
            Assert.True(events[i].At < due, $"event {i} arrived at {events[i].At.TotalMilliseconds:0} ms, not before {due.TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task Upload_100MegabyteBody_ArrivesWholeAndStreamed()
    {
        // Given the EdgeApp running
        await fixture.PushEdgeAppAsync("upload", "v1");
        Assert.True(await Server.WaitForAppAsync("upload", "edge-app v1"), Server.Output);
        const long size = 100L * 1024 * 1024;
        var before = ResidentBytes();

        // When 100 MiB are POSTed to /upload, while DaaS's resident memory is watched
        using var body = new GeneratedStream(size);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StreamContent(body, 64 * 1024) };
        request.Headers.Host = $"upload.{Server.Domain}";
        request.Content.Headers.ContentLength = size;
        using var done = new CancellationTokenSource();
        var peak = WatchPeakAsync(done.Token);
        HttpStatusCode status;
        string answer;
        try
        {
            using var response = await Server.Http.SendAsync(request);
            (status, answer) = (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await done.CancelAsync();
        }

        var grew = await peak - before;
        output.WriteLine($"DaaS's resident memory grew by at most {grew / (1024 * 1024)} MiB during the upload");

        // Then the app read every byte, and DaaS passed it through without holding it
        Assert.Equal((HttpStatusCode.OK, $"{size.ToString(CultureInfo.InvariantCulture)} {body.Sha256Hex}\n"), (status, answer));
        Assert.True(grew < 50L * 1024 * 1024, $"DaaS's resident memory grew by {grew / (1024 * 1024)} MiB while it forwarded 100 MiB");
    }

    private async Task<long> WatchPeakAsync(CancellationToken stop)
    {
        var peak = ResidentBytes();
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentBytes());
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, ResidentBytes());
    }

    /// <summary>DaaS's VmRSS, from /proc.</summary>
    private long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Server.ProcessId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
