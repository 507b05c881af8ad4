using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class ParallelDeployTests
{
    [Fact]
    public async Task NeverHealthyApp_BesideAHealthyOne_DoesNotHoldItsDeploy()
    {
        // Given DaaS with a health timeout far longer than the test
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["HEALTH_TIMEOUT"] = "600" });
        await using var docker = await DockerSession.LoginAsync(server);
        await TestImages.BuildAsync($"{docker.RegistryHost}/stuck:latest", "stuck", new ImageOptions { Command = """["/bin/sleep", "3600"]""" });
        await TestImages.BuildAsync($"{docker.RegistryHost}/brisk:latest", "brisk v1");

        // When an app that never listens and a healthy one are pushed at once
        await Task.WhenAll(docker.RunAsync("push", $"{docker.RegistryHost}/stuck:latest"), docker.RunAsync("push", $"{docker.RegistryHost}/brisk:latest"));

        // Then the healthy one serves while the other is still in its health gate
        Assert.True(await server.WaitForAppAsync("brisk", "brisk v1"), server.Output);
        Assert.Equal("starting", (await server.ReleasesAsync("stuck"))[0].State());
    }

    [Fact]
    public async Task TenQuickPushes_EndWithTheLastLive_InFewerDeploys()
    {
        // Given ten versions of an app built beforehand, the first one slow to listen (so the others arrive during its deploy)
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        var slow = new ImageOptions { Command = """["/bin/sh", "-c", "sleep 8; exec /bin/busybox httpd -f -p 8080 -h /www"]""" };
        for (var i = 1; i <= 10; i++)
        {
            await TestImages.BuildAsync($"{docker.RegistryHost}/burst:v{i}", $"burst v{i}", i == 1 ? slow : new ImageOptions());
        }

        // When they are pushed one right after the other
        for (var i = 1; i <= 10; i++)
        {
            await docker.RunAsync("push", $"{docker.RegistryHost}/burst:v{i}");
        }

        // Then v10 is live, and the releases overtaken before they started were never deployed
        Assert.True(await server.WaitForAppAsync("burst", "burst v10"), server.Output);
        var releases = await server.ReleasesAsync("burst");
        Assert.Equal(10, releases.Count);
        Assert.Equal("running", releases[0].State());
        var superseded = releases.Count(r => r.State() == "superseded");
        Assert.True(superseded >= 1, $"no push was coalesced: {string.Join(", ", releases.Select(r => r.State()))}");
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(server.Output.Split("Deploying burst release").Length - 1 == 10 - superseded), TimeSpan.FromSeconds(10)), server.Output);
    }
}
