using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class AppVolumeTests
{
    private static readonly ImageOptions WithVolume = new() { Volumes = ["/data"] };

    [Fact]
    public async Task VolumeApp_KeepsItsDataThroughEnvChangePushAndRollback_InOneNamedVolume()
    {
        // Given an app whose image declares VOLUME /data, with a note written to it
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("notes", "notes v1", options: WithVolume);
        Assert.True(await server.WaitForAppAsync("notes", "notes v1"), server.Output);
        Assert.Equal((HttpStatusCode.OK, "first\n"), await server.GetAppAsync("notes", "/cgi-bin/notes?first"));

        // When its env changes
        await server.PutEnvAsync("notes", """{"MODE":"two"}""");
        Assert.True(await server.WaitForAppTextAsync("notes", "/cgi-bin/env", "MODE=two"), server.Output);

        // Then the note is still there
        Assert.Contains("first", (await server.GetAppAsync("notes", "/cgi-bin/notes?second")).Body, StringComparison.Ordinal);

        // When a new version is pushed
        await docker.PushAsync("notes", "notes v2", options: WithVolume);
        Assert.True(await server.WaitForAppAsync("notes", "notes v2"), server.Output);

        // Then both notes are still there
        Assert.Contains("first\nsecond", (await server.GetAppAsync("notes", "/cgi-bin/notes?third")).Body, StringComparison.Ordinal);

        // When it is rolled back to release 1 (v1, without MODE)
        var (status, rollback) = await server.ApiAsync(HttpMethod.Post, "api/apps/notes/rollback?release=1");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(("rollback", 1), (rollback.GetProperty("trigger").GetString(), rollback.GetProperty("rollbackOf").GetInt32()));
        Assert.True(await server.WaitForAppAsync("notes", "notes v1"), server.Output);

        // Then v1 runs with release 1's env, and every note survived
        Assert.DoesNotContain("MODE=two", (await server.GetAppAsync("notes", "/cgi-bin/env")).Body, StringComparison.Ordinal);
        Assert.Equal("first\nsecond\nthird\n", (await server.GetAppAsync("notes", "/cgi-bin/notes")).Body);

        // And one named volume, labelled with the app, held it all; the container mounts no other
        var volumes = (await docker.RunAsync("volume", "ls", "-q", "--filter", "label=daas.app=notes", "--filter", $"label=daas.instance={server.InstanceId()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var volume = Assert.Single(volumes);
        Assert.StartsWith("daas-notes-data-", volume, StringComparison.Ordinal);
        var container = Assert.Single(await docker.ContainersAsync(server, "notes"));
        var mounts = JsonDocument.Parse(await docker.RunAsync("inspect", "--format", "{{json .Mounts}}", container)).RootElement;
        Assert.Equal([volume], mounts.EnumerateArray().Select(m => m.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task VolumeApp_SurvivesARestartOfDaas()
    {
        // Given a volume app with a note, on a DATA_DIR kept across restarts
        var dataDir = Directory.CreateTempSubdirectory("daas-volume-restart-").FullName;
        var port = FreePort.Next();
        try
        {
            // (disposed last: disposing a server removes its containers and volumes)
            await using var first = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            await using (var docker = await DockerSession.LoginAsync(first))
            {
                await docker.PushAsync("keeper", "keeper v1", options: WithVolume);
            }

            Assert.True(await first.WaitForAppAsync("keeper", "keeper v1"), first.Output);
            Assert.Equal((HttpStatusCode.OK, "kept\n"), await first.GetAppAsync("keeper", "/cgi-bin/notes?kept"));

            // When DaaS stops and starts again, and the app is restarted through the API
            await first.StopAsync();
            await using var second = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            Assert.True(await second.WaitForAppAsync("keeper", "keeper v1"), second.Output);
            var (status, _) = await second.ApiAsync(HttpMethod.Post, "api/apps/keeper/restart");
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.True(await Eventually.HoldsAsync(async () => (await second.ReleasesAsync("keeper"))[0].State() == "running", TimeSpan.FromSeconds(60)), second.Output);

            // Then the note is still there
            Assert.Equal("kept\n", (await second.GetAppAsync("keeper", "/cgi-bin/notes")).Body);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
