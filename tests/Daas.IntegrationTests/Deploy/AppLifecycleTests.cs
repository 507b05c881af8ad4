using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class AppLifecycleTests
{
    [Fact]
    public async Task StopStartRestart_ChangeWhatRuns_AndConflictingCallsAre409()
    {
        // Given an app serving
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("cycle", "cycle v1");
        Assert.True(await server.WaitForAppAsync("cycle", "cycle v1"), server.Output);

        // When it is stopped
        Assert.Equal(HttpStatusCode.Accepted, (await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/stop")).Status);

        // Then its container stops, its route answers 502, and a second stop or a restart conflicts
        Assert.True(await Eventually.HoldsAsync(async () => (await server.GetAppAsync("cycle")).Status == HttpStatusCode.BadGateway, TimeSpan.FromSeconds(30)), server.Output);
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await docker.ContainersAsync(server, "cycle")).Count == 0,
            TimeSpan.FromSeconds(30)), server.Output);
        Assert.NotEmpty(await docker.ContainersAsync(server, "cycle", all: true));
        Assert.Equal(HttpStatusCode.Conflict, (await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/stop")).Status);
        var (restartStopped, problem) = await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/restart");
        Assert.Equal(HttpStatusCode.Conflict, restartStopped);
        Assert.Contains("is stopped", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("stopped", (await server.ApiAsync(HttpMethod.Get, "api/apps/cycle")).Body.GetProperty("state").GetString());

        // When it is started
        Assert.Equal(HttpStatusCode.Accepted, (await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/start")).Status);

        // Then it serves again, and a second start conflicts
        Assert.True(await server.WaitForAppAsync("cycle", "cycle v1"), server.Output);
        Assert.Equal(HttpStatusCode.Conflict, (await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/start")).Status);

        // When it is restarted
        var (restarted, release) = await server.ApiAsync(HttpMethod.Post, "api/apps/cycle/restart");

        // Then a new release of the same image runs, recorded as a restart
        Assert.Equal(HttpStatusCode.Accepted, restarted);
        Assert.Equal(("restart", 2), (release.GetProperty("trigger").GetString(), release.GetProperty("number").GetInt32()));
        Assert.True(await Eventually.HoldsAsync(async () => (await server.ReleasesAsync("cycle"))[0].State() == "running", TimeSpan.FromSeconds(60)), server.Output);
        Assert.Equal((HttpStatusCode.OK, "cycle v1\n"), await server.GetAppAsync("cycle"));
    }

    [Fact]
    public async Task Delete_RemovesContainersAndRoute_AndOnlyWithDataTrueItsVolumesAndImages()
    {
        // Given two volume apps serving
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        var withVolume = new ImageOptions { Volumes = ["/data"] };
        await docker.PushAsync("gone", "gone v1", options: withVolume);
        await docker.PushAsync("wiped", "wiped v1", options: withVolume);
        Assert.True(await server.WaitForAppAsync("gone", "gone v1"), server.Output);
        Assert.True(await server.WaitForAppAsync("wiped", "wiped v1"), server.Output);

        // When one is deleted plainly and the other with ?data=true
        var (plain, _) = await server.ApiAsync(HttpMethod.Delete, "api/apps/gone");
        var (withData, deleted) = await server.ApiAsync(HttpMethod.Delete, "api/apps/wiped?data=true");

        // Then both lose their containers and routes
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (plain, withData));
        foreach (var app in new[] { "gone", "wiped" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await server.GetAppAsync(app)).Status);
            Assert.Empty(await docker.ContainersAsync(server, app, all: true));
        }

        // And the plain delete kept the volume and the registry's image; the other removed both
        var instance = $"label=daas.instance={server.InstanceId()}";
        Assert.NotEmpty((await docker.RunAsync("volume", "ls", "-q", "--filter", "label=daas.app=gone", "--filter", instance)).Trim());
        Assert.Empty((await docker.RunAsync("volume", "ls", "-q", "--filter", "label=daas.app=wiped", "--filter", instance)).Trim());
        Assert.Equal(1, deleted.GetProperty("volumesRemoved").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await server.ApiAsync(HttpMethod.Get, "v2/gone/tags/list")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.ApiAsync(HttpMethod.Get, "v2/wiped/tags/list")).Status);
    }
}
