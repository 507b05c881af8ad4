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
}
