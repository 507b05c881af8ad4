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

    private static async Task<string[]> ReleaseOneContainersAsync(DockerSession docker, DaasServer server) =>
        (await docker.RunAsync("ps", "-aq", "--filter", "label=daas.app=drain", "--filter", "label=daas.release=1", "--filter", $"label=daas.instance={server.InstanceId()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
