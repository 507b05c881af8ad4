using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Routing;

/// <summary>
/// Containers DaaS did not start, run with the docker CLI on DaaS's network with a network alias,
/// are served at &lt;alias&gt;.DOMAIN_NAME as the seed served them. Each test labels what it runs
/// and removes it by that label. The server has a network of its own, so the other test servers
/// never see these containers.
/// </summary>
public sealed class AttachedContainerTests(OwnNetworkFixture fixture) : IClassFixture<OwnNetworkFixture>, IAsyncLifetime
{
    private string Network => fixture.Network;

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private DaasServer Server => fixture.Server;

    private string Image => $"daas-test-attached:{_run}";

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AttachedContainer_OnTheNetworkWithAnAlias_IsServedListedNotManagedAndFollowsItsLife()
    {
        // Given a container DaaS did not start, on its network with the alias blog-<run>, EXPOSEing the port it listens on
        var alias = $"blog-{_run}";
        await TestImages.BuildAsync(Image, "attached v1", listenPort: 8081, expose: 8081);
        var id = await RunAttachedAsync(alias);

        // Then it is served at its alias's host name
        Assert.True(await Server.WaitForAppAsync(alias, "attached v1", TimeSpan.FromSeconds(15)), Server.Output);

        // And the API lists and shows it as attached, running, without a release
        var (listed, apps) = await Server.ApiAsync(HttpMethod.Get, "api/apps");
        Assert.Equal(HttpStatusCode.OK, listed);
        var app = apps.EnumerateArray().Single(a => a.GetProperty("name").GetString() == alias);
        AssertAttached(app, alias);
        var (shown, one) = await Server.ApiAsync(HttpMethod.Get, $"api/apps/{alias}");
        Assert.Equal(HttpStatusCode.OK, shown);
        AssertAttached(one, alias);

        // When the API is asked to stop, restart, roll back, delete it or set its env
        // Then each is a 409 that says why, and the container still runs and serves
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, "stop", null), (HttpMethod.Post, "start", null), (HttpMethod.Post, "restart", null), (HttpMethod.Post, "rollback", null),
            (HttpMethod.Delete, "", null), (HttpMethod.Put, "env", """{"A":"1"}"""),
        })
        {
            var (status, problem) = await Server.ApiAsync(method, $"api/apps/{alias}/{path}".TrimEnd('/'), body);
            Assert.True(status == HttpStatusCode.Conflict, $"{method} {path}: {status} {problem}");
            Assert.Equal(
                $"'{alias}' is a container DaaS did not start (routed by its network alias on '{Network}'); manage it with docker",
                problem.GetProperty("detail").GetString());
        }

        Assert.Equal("true", (await fixture.Docker("inspect", "-f", "{{.State.Running}}", id)).Trim());
        Assert.Equal((HttpStatusCode.OK, "attached v1\n"), await Server.GetAppAsync(alias));

        // When it is stopped with docker
        await fixture.Docker("stop", "-t", "0", id);

        // Then it leaves the route: its host gets DaaS's 404 page
        Assert.True(await Eventually.HoldsAsync(async () => (await Server.GetAppAsync(alias)).Status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(5)), Server.Output);
        Assert.Contains("404", (await Server.GetAppAsync(alias)).Body, StringComparison.Ordinal);

        // When it is started again, it joins the route again
        await fixture.Docker("start", id);
        Assert.True(await Server.WaitForAppAsync(alias, "attached v1", TimeSpan.FromSeconds(5)), Server.Output);
    }

    [Fact]
    public async Task AttachedContainer_UnhealthyByItsHealthcheck_GetsNoTraffic()
    {
        // Given a container on DaaS's network whose HEALTHCHECK fails from the first check
        var alias = $"sick-{_run}";
        await TestImages.BuildAsync(Image, "sick v1");
        await RunAttachedAsync(alias, "--health-cmd", "/bin/busybox false", "--health-interval", "1s", "--health-retries", "1");

        // Then once the engine reports it unhealthy its host answers 502 (nothing serves), not the app
        Assert.True(await Eventually.HoldsAsync(async () => (await Server.GetAppAsync(alias)).Status == HttpStatusCode.BadGateway, TimeSpan.FromSeconds(15)), Server.Output);
        Assert.Equal("failed", (await Server.ApiAsync(HttpMethod.Get, $"api/apps/{alias}")).Body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task PushedApp_NamedLikeAnAttachedAlias_WinsAndTheConflictIsLoggedOnce()
    {
        // Given an attached container served at its alias
        var alias = $"shared-{_run}";
        await TestImages.BuildAsync(Image, "attached");
        await RunAttachedAsync(alias);
        Assert.True(await Server.WaitForAppAsync(alias, "attached", TimeSpan.FromSeconds(15)), Server.Output);

        // When an app of the same name is pushed
        await fixture.BuildAndPushAsync(alias, "pushed");

        // Then the pushed app is served and shown, and the log names the conflict once
        Assert.True(await Server.WaitForAppAsync(alias, "pushed"), Server.Output);
        var (_, app) = await Server.ApiAsync(HttpMethod.Get, $"api/apps/{alias}");
        Assert.False(app.GetProperty("attached").GetBoolean());
        Assert.Equal(1, Occurrences(Server.Output, $"has the alias {alias}, which is also a pushed app's name"));

        // When the pushed app is deleted, the container is served again
        Assert.Equal(HttpStatusCode.OK, (await Server.ApiAsync(HttpMethod.Delete, $"api/apps/{alias}")).Status);
        Assert.True(await Server.WaitForAppAsync(alias, "attached", TimeSpan.FromSeconds(15)), Server.Output);
    }

    public async Task DisposeAsync()
    {
        await DockerCleanup.RemoveContainersAsync($"daas.test-attached={_run}");
        await Commands.RunAsync("docker", ["rmi", "-f", Image]);
    }

    private static void AssertAttached(JsonElement app, string alias)
    {
        Assert.True(app.GetProperty("attached").GetBoolean());
        Assert.Equal("running", app.GetProperty("state").GetString());
        Assert.Equal($"http://{alias}.localhost/", app.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, app.GetProperty("currentRelease").ValueKind);
    }

    private static int Occurrences(string text, string fragment) =>
        (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;

    /// <summary>docker run -d --network NETWORK --network-alias ALIAS, as a user (or compose) attaches a container.</summary>
    private async Task<string> RunAttachedAsync(string alias, params string[] options) =>
        (await fixture.Docker(["run", "-d", "--label", $"daas.test-attached={_run}", "--network", Network, "--network-alias", alias, .. options, Image])).Trim();
}
