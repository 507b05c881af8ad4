using System.Net;
using System.Text.RegularExpressions;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

/// <summary>GET /api/apps/{app}/logs: the last lines as text, and a follow as server-sent events that ends when the app stops.</summary>
[Collection(SharedDaasServer.Name)]
public sealed partial class AppLogsTests(DaasFixture fixture)
{
    // httpd in the background, then a numbered line a second on stdout (and every third on stderr); TERM ends it at once.
    private static readonly ImageOptions Ticking = new()
    {
        Command = """["/bin/busybox", "sh", "-c", "trap 'exit 0' TERM; /bin/busybox httpd -p 8080 -h /www; i=0; while true; do echo tick $i; if [ $((i % 3)) -eq 0 ]; then echo oops $i >&2; fi; i=$((i+1)); sleep 1 & wait $!; done"]""",
    };

    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Logs_Tail_AnswersTheLastLinesAsText_AndFollowStreamsNewLinesUntilTheAppStops()
    {
        // Given an app that writes a numbered line every second, with several written
        await PushAsync("ticker");
        Assert.True(await Eventually.HoldsAsync(async () => Ticks(await GetTextAsync("api/apps/ticker/logs?tail=20")).Count >= 4, TimeSpan.FromSeconds(30)), Server.Output);

        // When the last 3 lines are asked for
        using var tail = await SendAsync("api/apps/ticker/logs?tail=3");

        // Then they come as text, one per line, without Docker's timestamps or frame headers, stderr included
        Assert.Equal(HttpStatusCode.OK, tail.StatusCode);
        Assert.Equal("text/plain", tail.Content.Headers.ContentType?.MediaType);
        var lines = (await tail.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches("^(tick|oops) [0-9]+$", line));
        Assert.Contains(lines, line => line.StartsWith("tick ", StringComparison.Ordinal));

        // When it is followed
        using var request = Server.AuthorizedRequest(HttpMethod.Get, "api/apps/ticker/logs?tail=1&follow=true");
        using var follow = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", follow.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await follow.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("event: ready", await events.ReadLineAsync(timeout.Token)); // sent at once, so a client knows it follows
        var first = await NextDataAsync(events, timeout.Token);

        // Then after the tail's line comes a line the app wrote after the stream opened
        var firstTick = Ticks([first!]).DefaultIfEmpty(-1).Max();
        var later = Ticks([(await NextDataAsync(events, timeout.Token))!, (await NextDataAsync(events, timeout.Token))!]);
        Assert.Contains(later, tick => tick > firstTick);

        // When the app stops, the stream ends with an end event
        var (status, _) = await Server.ApiAsync(HttpMethod.Post, "api/apps/ticker/stop");
        Assert.Equal(HttpStatusCode.Accepted, status);
        string? line;
        var sawEnd = false;
        while ((line = await events.ReadLineAsync(timeout.Token)) is not null)
        {
            sawEnd |= line == "event: end";
        }

        Assert.True(sawEnd, Server.Output);

        // And once stopped, the app has no log to read
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var stopped = await SendAsync("api/apps/ticker/logs");
            return stopped.StatusCode == HttpStatusCode.Conflict
                && (await stopped.Content.ReadAsStringAsync()).Contains("app 'ticker' has no running instance", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30)), Server.Output);
    }

    [Fact]
    public async Task Logs_BadTailOrUnknownApp_AreProblems()
    {
        var (badTail, body) = await Server.ApiAsync(HttpMethod.Get, "api/apps/whatever/logs?tail=0");
        Assert.Equal(HttpStatusCode.BadRequest, badTail);
        Assert.Contains("between 1 and 10000", body.GetProperty("errors").GetProperty("tail")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Server.ApiAsync(HttpMethod.Get, "api/apps/whatever/logs?tail=10001")).Status);
        var (unknown, problem) = await Server.ApiAsync(HttpMethod.Get, "api/apps/nosuchlogapp/logs");
        Assert.Equal((HttpStatusCode.NotFound, "Unknown app"), (unknown, problem.GetProperty("title").GetString()));
    }

    private async Task PushAsync(string app)
    {
        var image = $"{Server.RegistryHost}/{app}:latest";
        await TestImages.BuildAsync(image, $"{app} v1", Ticking);
        await fixture.Docker("push", image);
        Assert.True(await Server.WaitForAppAsync(app, $"{app} v1"), Server.Output);
    }

    private async Task<HttpResponseMessage> SendAsync(string path)
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Get, path);
        return await Server.Http.SendAsync(request);
    }

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await SendAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }

    /// <summary>The next event's data, skipping blank separators and other fields.</summary>
    /// <summary>The next line's data, skipping the data of named events (ready).</summary>
    private static async Task<string?> NextDataAsync(StreamReader events, CancellationToken cancellationToken)
    {
        string? line;
        var named = false;
        while ((line = await events.ReadLineAsync(cancellationToken)) is not null)
        {
            named = line.StartsWith("event: ", StringComparison.Ordinal) || (named && line.Length > 0);
            if (!named && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    private static List<int> Ticks(IEnumerable<string> lines) =>
        lines.Select(line => TickPattern().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static List<int> Ticks(string text) => Ticks(text.Split('\n'));

    [GeneratedRegex("^tick ([0-9]+)$")]
    private static partial Regex TickPattern();
}
