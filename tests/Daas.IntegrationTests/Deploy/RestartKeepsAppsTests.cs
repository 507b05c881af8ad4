using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class RestartKeepsAppsTests
{
    [Fact]
    public async Task Restart_OfDaas_KeepsServingAndRecreatesARemovedContainer()
    {
        // Given DaaS serving an app
        var dataDir = Directory.CreateTempSubdirectory("daas-restart-").FullName;
        var port = FreePort.Next();
        try
        {
            await using (var first = await DaasServer.StartAsync(dataDir: dataDir, port: port))
            {
                await using var docker = await DockerSession.LoginAsync(first);
                await docker.PushAsync("survivor", "still here");
                Assert.True(await first.WaitForAppAsync("survivor", "still here"), first.Output);

                // When DaaS stops, its app's container is removed, and DaaS starts again on the same DATA_DIR
                await first.StopAsync();
                await DockerCleanup.RemoveContainersAsync($"daas.instance={first.InstanceId()}");
            }

            await using var second = await DaasServer.StartAsync(dataDir: dataDir, port: port);

            // Then the app is deployed again from State and served
            Assert.True(await second.WaitForAppAsync("survivor", "still here"), second.Output);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task RemovedContainer_IsDeployedAgainByThePeriodicReconcile()
    {
        // Given DaaS reconciling every 2 s and serving an app
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["RECONCILE_INTERVAL"] = "2" });
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("phoenix", "back again");
        Assert.True(await server.WaitForAppAsync("phoenix", "back again"), server.Output);

        // When its container is removed behind DaaS's back
        await DockerCleanup.RemoveContainersAsync($"daas.instance={server.InstanceId()}");

        // Then DaaS notices without a restart and serves it again
        Assert.True(await server.WaitForAppAsync("phoenix", "back again", TimeSpan.FromSeconds(60)), server.Output);
    }

    [Fact]
    public async Task ContainerStoppedBehindDaasBack_IsStartedAgainAtOnce()
    {
        // Given an app serving, with the default (60 s) reconcile interval
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("bouncer", "bounces back");
        Assert.True(await server.WaitForAppAsync("bouncer", "bounces back"), server.Output);
        var id = Assert.Single(await docker.ContainersAsync(server, "bouncer"));

        // When its container is stopped with the docker CLI
        await docker.RunAsync("stop", "-t", "1", id);

        // Then the engine's event makes DaaS start the same container again, well before the next reconcile
        Assert.True(await server.WaitForAppAsync("bouncer", "bounces back", TimeSpan.FromSeconds(30)), server.Output);
        Assert.Equal([id], await docker.ContainersAsync(server, "bouncer"));
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(server.Output.Contains("bouncer: starting stopped container", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), server.Output);
    }

    [Fact]
    public async Task RemovedContainer_ThatCannotStartAgain_IsRetriedWithGrowingWaits()
    {
        // Given an app, reconciled every second, that exits at start once a file is in its volume.
        // (Not a deleted manifest: the engine answers a pull by digest from its own images when it
        // still has that image, so whether such a pull fails depends on what else the engine keeps.)
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["RECONCILE_INTERVAL"] = "1" });
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("faller", "falling", options: new ImageOptions
        {
            Volumes = ["/data"],
            Command = """["/bin/sh", "-c", "test -e /data/broken && exit 3; exec /bin/busybox httpd -f -p 8080 -h /www"]""",
        });
        Assert.True(await server.WaitForAppAsync("faller", "falling"), server.Output);
        var container = Assert.Single(await docker.ContainersAsync(server, "faller"));
        await docker.RunAsync("exec", container, "/bin/busybox", "touch", "/data/broken");

        // When its container is removed behind DaaS's back
        await docker.RunAsync("rm", "-f", container);

        // Then DaaS deploys it again, and waits 1, 2, then 4 s after each failure instead of failing every second
        List<DateTimeOffset> failures = [];
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            failures = (await server.ReleasesAsync("faller")).Where(r => r.State() == "failed")
                .Select(r => r.GetProperty("finishedAt").GetDateTimeOffset()).Order().ToList();
            return failures.Count >= 4;
        }, TimeSpan.FromSeconds(60)), server.Output);
        var gaps = failures.Zip(failures.Skip(1), (a, b) => (b - a).TotalSeconds).Take(3).ToList();
        Assert.True(gaps[0] >= 0.9 && gaps[1] >= 1.9 && gaps[2] >= 3.9, $"seconds between failures: {string.Join(", ", gaps)}");
        var restart = (await server.ReleasesAsync("faller"))[0];
        Assert.Equal("restart", restart.GetProperty("trigger").GetString());
        Assert.Contains("exited with code 3", restart.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
