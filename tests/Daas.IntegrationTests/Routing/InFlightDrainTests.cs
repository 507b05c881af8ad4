using System.Diagnostics;
using System.Net;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Routing;

public sealed class InFlightDrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redeploy_SlowRequestInFlight_FinishesOnReleaseOneAndTheOldContainerGoesWhenItEnds()
    {
        // Given DaaS with a 30 s drain timeout serving release 1, and a 5 s request in flight on it
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["DRAIN_TIMEOUT"] = "30" });
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushEdgeAppAsync("drain", "v1");
        Assert.True(await server.WaitForAppAsync("drain", "edge-app v1"), server.Output);
        await EdgeAppImage.BuildAsync($"{docker.RegistryHost}/drain:latest", "v2");
        var sent = Stopwatch.StartNew();
        var slow = server.GetAppAsync("drain", "/slow?ms=5000");

        // When release 2 is pushed and goes live while that request runs
        await docker.RunAsync("push", $"{docker.RegistryHost}/drain:latest");
        Assert.True(await server.WaitForAppAsync("drain", "edge-app v2"), server.Output);
        var liveAt = sent.Elapsed;
        Assert.False(slow.IsCompleted, $"release 2 went live {liveAt.TotalSeconds:0.0} s after the slow request was sent, after it had ended: the test proves nothing");

        // Then the request completes on release 1
        Assert.Equal((HttpStatusCode.OK, "slow v1\n"), await slow);
        var endedAt = sent.Elapsed;

        // And release 1's container is removed soon after, well before the 30 s drain timeout
        var gone = await Eventually.HoldsAsync(async () => (await ReleaseOneContainersAsync(docker, server)).Length == 0, TimeSpan.FromSeconds(10));
        var goneAt = sent.Elapsed;
        output.WriteLine($"release 2 live at {liveAt.TotalSeconds:0.0} s, the slow request ended at {endedAt.TotalSeconds:0.0} s, " +
            (gone ? $"release 1's container was gone at {goneAt.TotalSeconds:0.0} s" : $"release 1's container still there at {goneAt.TotalSeconds:0.0} s"));
        Assert.True(gone, $"release 1's container was still there {(goneAt - endedAt).TotalSeconds:0.0} s after its last request ended " +
            $"({(goneAt - liveAt).TotalSeconds:0.0} s into a 30 s drain timeout)\n{server.Output}");
        Assert.Equal((HttpStatusCode.OK, "edge-app v2\n"), await server.GetAppAsync("drain"));
    }

    [Fact]
    public async Task Stop_WebSocketOpen_StaysOpenUntilTheDrainEnds_WhileNewRequestsGet502()
    {
        // Given DaaS with a 4 s drain, an app serving, and a WebSocket open to it (the app closes
        // its sockets at once on SIGTERM, so only DaaS's drain can keep this one open)
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["DRAIN_TIMEOUT"] = "4" });
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushEdgeAppAsync("halt", "v1");
        Assert.True(await server.WaitForAppAsync("halt", "edge-app v1"), server.Output);
        await using var socket = await AppWebSocket.ConnectAsync(new Uri($"ws://halt.localhost:{server.Port}/ws"), server.Port);
        Assert.Equal("v1: hello", await socket.EchoAsync("hello"));

        // When the app is stopped through the API
        var stopped = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await server.ApiAsync(HttpMethod.Post, "api/apps/halt/stop")).Status);

        // Then new requests get 502 at once, while the socket still echoes after that
        Assert.True(await Eventually.HoldsAsync(async () => (await server.GetAppAsync("halt")).Status == HttpStatusCode.BadGateway, TimeSpan.FromSeconds(3)), server.Output);
        await Task.Delay(1000);
        Assert.Equal("v1: still here", await socket.EchoAsync("still here"));
        var echoedAt = stopped.Elapsed;

        // And the container stops after the drain, closing the socket
        Assert.True(await Eventually.HoldsAsync(async () => (await docker.ContainersAsync(server, "halt")).Count == 0, TimeSpan.FromSeconds(20)), server.Output);
        output.WriteLine($"echoed {echoedAt.TotalSeconds:0.0} s after the stop; container gone at {stopped.Elapsed.TotalSeconds:0.0} s");
        Assert.True(stopped.Elapsed >= TimeSpan.FromSeconds(3.5), $"the container went {stopped.Elapsed.TotalSeconds:0.0} s after the stop, before the 4 s drain ended");
    }

    private static async Task<string[]> ReleaseOneContainersAsync(DockerSession docker, DaasServer server) =>
        (await docker.RunAsync("ps", "-aq", "--filter", "label=daas.app=drain", "--filter", "label=daas.release=1", "--filter", $"label=daas.instance={server.InstanceId()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
