using System.Diagnostics;
using System.Net;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Deploy;

public sealed class StopFirstDeployTests(ITestOutputHelper output)
{
    // busybox httpd as PID 1 ignores SIGTERM; behind a shell that exits on it, the old release stops at once.
    private static readonly ImageOptions StopsOnTerm = new()
    {
        Volumes = ["/data"],
        Command = """["/bin/sh", "-c", "trap 'exit 0' TERM; /bin/busybox httpd -f -p 8080 -h /www & wait"]""",
    };

    [Fact]
    public async Task VolumeApp_RedeployUnderSteadyRequests_HoldsRequestsAndFailsNone()
    {
        // Given a volume app (stop-first) answering, and a client sending requests one after another
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("steady", "steady v1", options: StopsOnTerm);
        Assert.True(await server.WaitForAppAsync("steady", "steady v1"), server.Output);
        await TestImages.BuildAsync($"{docker.RegistryHost}/steady:latest", "steady v2", StopsOnTerm);

        using var stop = new CancellationTokenSource();
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        var load = SendSteadilyAsync(server, stop.Token);

        // When v2 is pushed
        bool live;
        try
        {
            await docker.RunAsync("push", $"{docker.RegistryHost}/steady:latest");
            live = await server.WaitForAppAsync("steady", "steady v2");
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // a few requests on v2 as well
        }
        finally
        {
            await stop.CancelAsync();
        }

        var (ok, failed, longest, total) = await load;
        output.WriteLine($"{total} requests, {failed} failed, the longest took {longest.TotalMilliseconds:0} ms");
        Assert.True(live, server.Output);

        // Then no request failed: the ones that came while no release ran were held, not refused
        Assert.Equal(0, failed);
        Assert.True(ok > 10, $"only {ok} requests were answered");

        // And the deploy was stop-first: the engine saw release 1's container die before release 2's started
        var release = (await server.ReleasesAsync("steady"))[0];
        Assert.Equal(("running", "stopFirst"), (release.State(), release.GetProperty("strategy").GetString()));
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        var events = (await docker.RunAsync("events", "--since", $"{since}", "--until", $"{until}", "--filter", "type=container",
                "--filter", $"label=daas.instance={server.InstanceId()}", "--filter", "event=die", "--filter", "event=start",
                "--format", "{{.Action}} {{index .Actor.Attributes \"daas.release\"}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(events.IndexOf("die 1") is >= 0 and var died && died < events.IndexOf("start 2"), string.Join(", ", events));
    }

    private static async Task<(int Ok, int Failed, TimeSpan Longest, int Total)> SendSteadilyAsync(DaasServer server, CancellationToken stop)
    {
        int ok = 0, failed = 0;
        var longest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var timer = Stopwatch.StartNew();
            var (status, body) = await server.GetAppAsync("steady");
            longest = timer.Elapsed > longest ? timer.Elapsed : longest;
            if (status == HttpStatusCode.OK && body.StartsWith("steady v", StringComparison.Ordinal))
            {
                ok++;
            }
            else
            {
                failed++;
            }
        }

        return (ok, failed, longest, ok + failed);
    }
}
