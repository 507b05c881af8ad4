using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class ImageLabelTests
{
    [Theory]
    [InlineData("daas.auth")]
    [InlineData("auth")]
    public async Task PasswordLabel_PutsDaasCredentialsInFrontOfTheApp_AndTheAppNeverSeesThem(string label)
    {
        // Given an app whose image asks for the password
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("secret", "secret v1", options: new ImageOptions { Labels = new Dictionary<string, string> { [label] = "password" } });
        Assert.True(await Eventually.HoldsAsync(async () => (await SendAsync(server, null)).Status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(60)), server.Output);

        // When it is asked without, with wrong and with DaaS's credentials
        var anonymous = await SendAsync(server, null);
        var wrong = await SendAsync(server, "admin:wrong");
        var right = await SendAsync(server, $"admin:{server.Password}", "/cgi-bin/env");

        // Then only DaaS's credentials pass, and the app's env shows no Authorization header
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Contains("Basic", anonymous.Challenge, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.DoesNotContain("HTTP_AUTHORIZATION", right.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WwwHost_AnswersLikeTheAppsHost()
    {
        // Given an app serving at shop.localhost
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("shop", "shop v1");
        Assert.True(await server.WaitForAppAsync("shop", "shop v1"), server.Output);

        // When it is asked at www.shop.localhost, then it answers the same
        Assert.Equal((HttpStatusCode.OK, "shop v1\n"), await server.GetAppAsync("www.shop"));
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("@127.0.0.1:80/")]
    public async Task HealthLabelThatIsNoPath_FailsTheDeployWithTheReason(string health)
    {
        // Given DaaS, when an image whose daas.health label is no path is pushed
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("probe", "probe v1", options: new ImageOptions { Labels = new Dictionary<string, string> { ["daas.health"] = health } });

        // Then its release fails, saying why, and no container of it is left
        Assert.True(await Eventually.HoldsAsync(async () => (await server.ReleasesAsync("probe"))[0].State() == "failed", TimeSpan.FromSeconds(60)), server.Output);
        Assert.Contains("is not a path starting with '/'", (await server.ReleasesAsync("probe"))[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await docker.ContainersAsync(server, "probe", all: true));
    }

    [Fact]
    public async Task LimitLabels_OnOneEngine_TheContainerGetsThem_AndReplicasStayOne()
    {
        // Given DaaS on a single engine, when an image asking for limits and 3 replicas is pushed
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync("limited", "limited v1", options: new ImageOptions
        {
            Labels = new Dictionary<string, string> { ["daas.memory"] = "64m", ["daas.cpus"] = "0.5", ["daas.replicas"] = "3" },
        });
        Assert.True(await server.WaitForAppAsync("limited", "limited v1"), server.Output);

        // Then its one container has the memory and CPU limits
        var container = Assert.Single(await docker.ContainersAsync(server, "limited"));
        Assert.Equal("67108864 500000000", (await docker.RunAsync("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", container)).Trim());

        // And the API shows one replica, and refuses to set replicas without Swarm, saying so
        var (_, app) = await server.ApiAsync(HttpMethod.Get, "api/apps/limited");
        Assert.Equal((1, 1), (app.GetProperty("replicas").GetInt32(), app.GetProperty("runningReplicas").GetInt32()));
        var (status, problem) = await server.ApiAsync(HttpMethod.Put, "api/apps/limited/replicas", """{"replicas":2}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("replicas need Docker Swarm", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Challenge, string Body)> SendAsync(DaasServer server, string? credentials, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "secret.localhost";
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsStringAsync());
    }
}
