using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Deploy;

[Collection(SharedDaasServer.Name)]
public sealed class PushDeploysAppTests(DaasFixture fixture, ITestOutputHelper output)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Push_NewRepository_ServesAppAtItsSubdomainOnTheDaasNetwork()
    {
        // Given an image that EXPOSEs 5000 and listens there
        // When it is pushed with the docker CLI
        await fixture.BuildAndPushAsync("hello", "hello v1", listenPort: 5000, expose: 5000);
        var pushed = Stopwatch.StartNew();

        // Then the proxy serves it at hello.localhost
        Assert.True(await Server.WaitForAppAsync("hello", "hello v1"), Server.Output);
        output.WriteLine($"push returned → first response from the app: {pushed.ElapsedMilliseconds} ms");

        // And its container runs on network daas with alias "hello" and DaaS's labels
        var inspect = await ContainerOfAsync("hello");
        var labels = inspect.GetProperty("Config").GetProperty("Labels");
        Assert.Equal("hello", labels.GetProperty("daas.app").GetString());
        Assert.Equal("5000", labels.GetProperty("daas.port").GetString());
        var network = inspect.GetProperty("NetworkSettings").GetProperty("Networks").GetProperty("daas");
        Assert.Contains("hello", network.GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Push_ImageWithoutExpose_IsServedOnPort8080()
    {
        await fixture.BuildAndPushAsync("noexpose", "listening on 8080", listenPort: 8080, expose: null);

        Assert.True(await Server.WaitForAppAsync("noexpose", "listening on 8080"), Server.Output);
        var labels = (await ContainerOfAsync("noexpose")).GetProperty("Config").GetProperty("Labels");
        Assert.Equal("8080", labels.GetProperty("daas.port").GetString());
    }

    [Fact]
    public async Task Push_NewVersionUnderAnotherTag_ReplacesTheRunningContainer()
    {
        // Given v1 running
        await fixture.BuildAndPushAsync("replaced", "v1");
        Assert.True(await Server.WaitForAppAsync("replaced", "v1"), Server.Output);
        var first = (await ContainerOfAsync("replaced")).GetProperty("Id").GetString();

        // When v2 is pushed under another tag
        await fixture.BuildAndPushAsync("replaced", "v2", tag: "v2");

        // Then v2 is served and v1's container goes away
        Assert.True(await Server.WaitForAppAsync("replaced", "v2"), Server.Output);
        Assert.True(await Eventually.HoldsAsync(
            async () => !(await AppContainerIdsAsync("replaced")).Any(id => first!.StartsWith(id, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Push_SameDigestAgain_ChangesNothing()
    {
        // Given an app running
        await fixture.BuildAndPushAsync("same", "same v1");
        Assert.True(await Server.WaitForAppAsync("same", "same v1"), Server.Output);
        var before = await AppContainerIdsAsync("same");
        var releasesBefore = (await Server.ReleasesAsync("same")).Count;

        // When the same image is pushed again, under a second tag too
        await fixture.Docker("push", $"{Server.RegistryHost}/same:latest");
        await fixture.Docker("tag", $"{Server.RegistryHost}/same:latest", $"{Server.RegistryHost}/same:again");
        await fixture.Docker("push", $"{Server.RegistryHost}/same:again");

        // Then both pushes were recorded as asking for nothing new (before the registry answered them),
        // the same container keeps running and no release was made
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Server.Output.Split("same already runs or is deploying").Length - 1 == 2), TimeSpan.FromSeconds(10)), Server.Output);
        Assert.Equal(before, await AppContainerIdsAsync("same"));
        Assert.Equal(releasesBefore, (await Server.ReleasesAsync("same")).Count);
        Assert.Equal((HttpStatusCode.OK, "same v1\n"), await Server.GetAppAsync("same"));
    }

    [Fact]
    public async Task Push_NewVersion_KeepsTheAppsEnvVars()
    {
        // Given an app with an env var set through the API
        await fixture.BuildAndPushAsync("envcarry", "env v1");
        Assert.True(await Server.WaitForAppAsync("envcarry", "env v1"), Server.Output);
        using (var put = Server.AuthorizedRequest(HttpMethod.Put, "api/apps/envcarry/env"))
        {
            put.Content = JsonContent("""{"GREETING":"hello from env"}""");
            using var response = await Server.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.True(await Eventually.HoldsAsync(async () => (await Server.GetAppAsync("envcarry", "/cgi-bin/env")).Body.Contains("GREETING=hello from env", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), Server.Output);

        // When a new version is pushed
        await fixture.BuildAndPushAsync("envcarry", "env v2");

        // Then the new container has the same env var
        Assert.True(await Server.WaitForAppAsync("envcarry", "env v2"), Server.Output);
        Assert.Contains("GREETING=hello from env", (await Server.GetAppAsync("envcarry", "/cgi-bin/env")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_NestedRepository_IsStoredButNotDeployed()
    {
        await fixture.BuildAndPushAsync("team/api", "nested");

        // The push is answered after the deploy part has seen it, so its verdict is logged (the console writes a moment later)
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Server.Output.Contains("team/api is stored but not deployed", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)), Server.Output);
        Assert.Empty(await AppContainerIdsAsync("team/api"));
    }

    private async Task<JsonElement> ContainerOfAsync(string app)
    {
        var ids = await AppContainerIdsAsync(app);
        Assert.NotEmpty(ids);
        var json = await fixture.Docker("inspect", ids[0]);
        return JsonDocument.Parse(json).RootElement[0].Clone();
    }

    private async Task<List<string>> AppContainerIdsAsync(string app) =>
        (await fixture.Docker("ps", "-q", "--filter", $"label=daas.app={app}", "--filter", $"label=daas.instance={Server.InstanceId()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
