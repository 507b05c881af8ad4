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
        var config = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        try
        {
            await using (var first = await DaasServer.StartAsync(dataDir: dataDir, port: port))
            {
                await Commands.RunCheckedAsync("docker", ["login", first.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], env, first.Password);
                await TestImages.BuildAsync($"{first.RegistryHost}/survivor:latest", "still here");
                await Commands.RunCheckedAsync("docker", ["push", $"{first.RegistryHost}/survivor:latest"], env);
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
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task RemovedContainer_IsDeployedAgainByThePeriodicReconcile()
    {
        // Given DaaS reconciling every 2 s and serving an app
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["RECONCILE_INTERVAL"] = "2" });
        var config = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        try
        {
            await Commands.RunCheckedAsync("docker", ["login", server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], env, server.Password);
            await TestImages.BuildAsync($"{server.RegistryHost}/phoenix:latest", "back again");
            await Commands.RunCheckedAsync("docker", ["push", $"{server.RegistryHost}/phoenix:latest"], env);
            Assert.True(await server.WaitForAppAsync("phoenix", "back again"), server.Output);

            // When its container is removed behind DaaS's back
            await DockerCleanup.RemoveContainersAsync($"daas.instance={server.InstanceId()}");

            // Then DaaS notices without a restart and serves it again
            Assert.True(await server.WaitForAppAsync("phoenix", "back again", TimeSpan.FromSeconds(60)), server.Output);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
