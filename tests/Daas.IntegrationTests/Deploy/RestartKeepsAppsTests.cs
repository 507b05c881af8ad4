using System.Net;
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
    public async Task RemovedContainer_ThatCannotBeDeployedAgain_IsRetriedWithGrowingWaits()
    {
        // Given an app whose manifest was deleted from the registry, then DaaS stopped and the app's
        // container and image removed from Docker (while DaaS is down, so it cannot redeploy in between)
        var dataDir = Directory.CreateTempSubdirectory("daas-faller-").FullName;
        var port = FreePort.Next();
        var settings = new Dictionary<string, string> { ["RECONCILE_INTERVAL"] = "1" };
        try
        {
            await using var first = await DaasServer.StartAsync(settings, dataDir, port);
            await using var docker = await DockerSession.LoginAsync(first);
            await docker.PushAsync("faller", "falling");
            Assert.True(await first.WaitForAppAsync("faller", "falling"), first.Output);
            var digest = (await first.ReleasesAsync("faller")).Single().GetProperty("digest").GetString();
            Assert.Equal(HttpStatusCode.Accepted, (await first.ApiAsync(HttpMethod.Delete, $"v2/faller/manifests/{digest}")).Status);
            await first.StopAsync();
            var container = Assert.Single(await docker.ContainersAsync(first, "faller", all: true));
            var image = (await docker.RunAsync("inspect", "--format", "{{.Image}}", container)).Trim();
            await DockerCleanup.RemoveContainersAsync($"daas.instance={first.InstanceId()}");
            await docker.RunAsync("rmi", "-f", image);

            // When DaaS starts again, reconciling every second
            await using var second = await DaasServer.StartAsync(settings, dataDir, port);

            // Then it tries to deploy the app again, and waits 1, 2, then 4 s after each failure instead of failing every second
            List<DateTimeOffset> failures = [];
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                failures = (await second.ReleasesAsync("faller")).Where(r => r.State() == "failed")
                    .Select(r => r.GetProperty("finishedAt").GetDateTimeOffset()).Order().ToList();
                return failures.Count >= 4;
            }, TimeSpan.FromSeconds(60)), second.Output);
            var gaps = failures.Zip(failures.Skip(1), (a, b) => (b - a).TotalSeconds).Take(3).ToList();
            Assert.True(gaps[0] >= 0.9 && gaps[1] >= 1.9 && gaps[2] >= 3.9, $"seconds between failures: {string.Join(", ", gaps)}");
            var restart = (await second.ReleasesAsync("faller"))[0];
            Assert.Equal("restart", restart.GetProperty("trigger").GetString());
            Assert.Contains("could not pull", restart.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
