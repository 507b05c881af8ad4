using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task RemovedContainer_ThatCannotBeDeployedAgain_IsRetriedWithGrowingWaits()
    {
        // Given DaaS reconciling every second and serving an app
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["RECONCILE_INTERVAL"] = "1" });
        var config = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        try
        {
            await Commands.RunCheckedAsync("docker", ["login", server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], env, server.Password);
            await TestImages.BuildAsync($"{server.RegistryHost}/faller:latest", "falling");
            await Commands.RunCheckedAsync("docker", ["push", $"{server.RegistryHost}/faller:latest"], env);
            Assert.True(await server.WaitForAppAsync("faller", "falling"), server.Output);
            var digest = (await ReleasesAsync(server, "faller")).Single().GetProperty("digest").GetString();

            // When its manifest is deleted from the registry, and its container and image from Docker
            using (var delete = server.AuthorizedRequest(HttpMethod.Delete, $"v2/faller/manifests/{digest}"))
            {
                Assert.Equal(HttpStatusCode.Accepted, (await server.Http.SendAsync(delete)).StatusCode);
            }

            var container = (await Commands.RunCheckedAsync("docker", ["ps", "-aq", "--filter", $"label=daas.instance={server.InstanceId()}"])).Trim();
            var image = (await Commands.RunCheckedAsync("docker", ["inspect", "--format", "{{.Image}}", container])).Trim();
            await DockerCleanup.RemoveContainersAsync($"daas.instance={server.InstanceId()}");
            await Commands.RunCheckedAsync("docker", ["rmi", "-f", image]);
            await Task.Delay(TimeSpan.FromSeconds(12));

            // Then DaaS tried again, but waited longer after each failure instead of failing every second
            var failed = (await ReleasesAsync(server, "faller")).Count(r => r.GetProperty("state").GetString() == "failed");
            Assert.True(failed is >= 1 and <= 5, $"{failed} failed\n{server.Output}");
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    private static async Task<List<JsonElement>> ReleasesAsync(DaasServer server, string app)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"api/apps/{app}/releases");
        using var response = await server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
    }
}
