using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Routing;

public sealed class WebSocketDrainTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WebSocket_OpenAcrossRedeploy_EchoesOnReleaseOneUntilTheDrainEnds()
    {
        // Given DaaS with a 5 s drain serving release 1, and a WebSocket open to it
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["DRAIN_TIMEOUT"] = "5" });
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushEdgeAppAsync("wsdrain", "v1");
        Assert.True(await server.WaitForAppAsync("wsdrain", "edge-app v1"), server.Output);
        await using var socket = await AppWebSocket.ConnectAsync(new Uri($"ws://wsdrain.localhost:{server.Port}/ws"), server.Port);
        Assert.Equal("v1: hello", await socket.EchoAsync("hello"));
        await EdgeAppImage.BuildAsync($"{docker.RegistryHost}/wsdrain:latest", "v2");

        // When release 2 is pushed and goes live
        await docker.RunAsync("push", $"{docker.RegistryHost}/wsdrain:latest");
        Assert.True(await server.WaitForAppAsync("wsdrain", "edge-app v2"), server.Output);
        var live = Stopwatch.StartNew();

        // Then the socket keeps echoing as release 1 while new requests get release 2, until it is closed
        var echoes = 0;
        var lastEcho = TimeSpan.Zero;
        string? closed = null;
        while (closed is null && live.Elapsed < Drain + TimeSpan.FromSeconds(20))
        {
            try
            {
                var reply = await socket.EchoAsync($"ping {echoes}");
                if (reply is null)
                {
                    closed = $"closed by a close frame ({socket.Socket.CloseStatus} {socket.Socket.CloseStatusDescription})";
                    break;
                }

                Assert.Equal($"v1: ping {echoes}", reply);
                echoes++;
                lastEcho = live.Elapsed;
            }
            catch (WebSocketException e)
            {
                closed = $"aborted ({e.WebSocketErrorCode}: {e.Message})";
                break;
            }

            Assert.Equal((HttpStatusCode.OK, "edge-app v2\n"), await server.GetAppAsync("wsdrain"));
            await Task.Delay(200);
        }

        var closedAt = live.Elapsed;
        output.WriteLine($"{echoes} echoes by release 1 after release 2 went live, the last at {lastEcho.TotalSeconds:0.0} s; " +
            $"socket {closed ?? "still open"} at {closedAt.TotalSeconds:0.0} s (drain {Drain.TotalSeconds:0} s)");

        // And it is closed when the drain ends: not before, and not long after
        Assert.True(closed is not null, $"the socket was still open {closedAt.TotalSeconds:0.0} s after release 2 went live\n{server.Output}");
        Assert.True(closedAt >= Drain - TimeSpan.FromSeconds(1), $"closed {closedAt.TotalSeconds:0.0} s after release 2 went live, before the {Drain.TotalSeconds:0} s drain ended: {closed}");
        Assert.True(closedAt <= Drain + TimeSpan.FromSeconds(5), $"closed only {closedAt.TotalSeconds:0.0} s after release 2 went live, long after the {Drain.TotalSeconds:0} s drain ended: {closed}");
    }
}
