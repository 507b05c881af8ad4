using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KillDashNine_RightAfterAPushReturns_TheRestartDeploysIt()
    {
        // Given DaaS serving v1 of an app
        var dataDir = Directory.CreateTempSubdirectory("daas-kill-push-").FullName;
        var port = FreePort.Next();
        try
        {
            await using var first = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            await using var docker = await DockerSession.LoginAsync(first);
            await docker.PushAsync("sudden", "sudden v1");
            Assert.True(await first.WaitForAppAsync("sudden", "sudden v1"), first.Output);
            await TestImages.BuildAsync($"{docker.RegistryHost}/sudden:latest", "sudden v2");

            // When v2's push returns and DaaS is killed with SIGKILL at once
            await docker.RunAsync("push", $"{docker.RegistryHost}/sudden:latest");
            await first.StopAsync(kill: true);

            // Then DaaS started again deploys v2, and records it as a push that went live
            await using var second = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            Assert.True(await second.WaitForAppAsync("sudden", "sudden v2"), second.Output);
            var release = (await second.ReleasesAsync("sudden"))[0];
            Assert.Equal(("push", "running"), (release.GetProperty("trigger").GetString(), release.State()));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task KillDashNine_WhileANewReleaseStarts_LeavesTheOldOneServingAndTheRestartFinishesTheDeploy()
    {
        // Given v1 serving, and v2 that takes 3 s before it listens
        var dataDir = Directory.CreateTempSubdirectory("daas-kill-deploy-").FullName;
        var port = FreePort.Next();
        try
        {
            await using var first = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            await using var docker = await DockerSession.LoginAsync(first);
            await docker.PushAsync("midway", "midway v1");
            Assert.True(await first.WaitForAppAsync("midway", "midway v1"), first.Output);
            var slow = new ImageOptions { Command = """["/bin/sh", "-c", "sleep 3; exec /bin/busybox httpd -f -p 8080 -h /www"]""" };

            // When DaaS is killed while v2's container waits for the health gate
            await docker.PushAsync("midway", "midway v2", options: slow);
            Assert.True(await Eventually.HoldsAsync(async () => (await first.ReleasesAsync("midway"))[0].State() == "starting", TimeSpan.FromSeconds(30)), first.Output);
            await first.StopAsync(kill: true);

            // Then v1's container still runs
            var running = await docker.RunAsync("ps", "-q", "--filter", "label=daas.app=midway", "--filter", "label=daas.release=1", "--filter", $"label=daas.instance={first.InstanceId()}");
            Assert.NotEmpty(running.Trim());

            // And DaaS started again finishes the deploy of v2 and removes v1
            await using var second = await DaasServer.StartAsync(dataDir: dataDir, port: port);
            Assert.True(await second.WaitForAppAsync("midway", "midway v2"), second.Output);
            Assert.True(await Eventually.HoldsAsync(async () =>
                (await docker.ContainersAsync(second, "midway", all: true)).Count == 1,
                TimeSpan.FromSeconds(30)), second.Output);
            Assert.Equal(HttpStatusCode.OK, (await second.GetAppAsync("midway")).Status);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
