using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class RollbackTests
{
    [Fact]
    public async Task Rollback_WithoutANumber_GoesToThePreviousGoodRelease_ThroughTheHealthGate()
    {
        // Given v1 live, v2 live with an env var, and v3 that crashes (so it never went live)
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("undo", "undo v1");
        Assert.True(await server.WaitForAppAsync("undo", "undo v1"), server.Output);
        await server.PutEnvAsync("undo", """{"COLOUR":"blue"}""");
        Assert.True(await server.WaitForAppTextAsync("undo", "/cgi-bin/env", "COLOUR=blue"), server.Output);
        await docker.PushAsync("undo", "undo v3", options: new ImageOptions { Command = """["/bin/sh", "-c", "exit 1"]""" });
        Assert.True(await Eventually.HoldsAsync(async () => (await server.ReleasesAsync("undo"))[0].State() == "failed", TimeSpan.FromSeconds(60)), server.Output);

        // When the app is rolled back without naming a release
        var (status, release) = await server.ApiAsync(HttpMethod.Post, "api/apps/undo/rollback");

        // Then release 1 (v1 without COLOUR) is deployed again as release 4
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal((4, 1), (release.GetProperty("number").GetInt32(), release.GetProperty("rollbackOf").GetInt32()));
        Assert.True(await Eventually.HoldsAsync(async () => (await server.ReleasesAsync("undo"))[0].State() == "running", TimeSpan.FromSeconds(60)), server.Output);
        Assert.True(await Eventually.HoldsAsync(async () => await server.GetAppAsync("undo", "/cgi-bin/env") is { Status: HttpStatusCode.OK } env
            && !env.Body.Contains("COLOUR", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), server.Output);
        Assert.Equal("undo v1\n", (await server.GetAppAsync("undo")).Body);
        var env = (await server.ApiAsync(HttpMethod.Get, "api/apps/undo/env")).Body;
        Assert.Empty(env.EnumerateObject());
    }

    [Fact]
    public async Task Rollback_ToAMissingReleaseOrWithNothingEarlier_IsRefusedAndChangesNothing()
    {
        // Given an app with one release
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("single", "single v1");
        Assert.True(await server.WaitForAppAsync("single", "single v1"), server.Output);

        // When it is rolled back to release 7, and without a number
        var (missing, missingProblem) = await server.ApiAsync(HttpMethod.Post, "api/apps/single/rollback?release=7");
        var (nothing, nothingProblem) = await server.ApiAsync(HttpMethod.Post, "api/apps/single/rollback");

        // Then the first is 404 and the second 409, each saying why, and no release was made
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("there is no release 7", missingProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, nothing);
        Assert.Contains("no earlier good release", nothingProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(await server.ReleasesAsync("single"));
    }
}
