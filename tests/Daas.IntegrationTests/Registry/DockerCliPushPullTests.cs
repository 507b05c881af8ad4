using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

[Collection(SharedDaasServer.Name)]
public sealed class DockerCliPushPullTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Pull_AfterLocalImageRemoved_RestoresTheSameImage()
    {
        // Given an image pushed to DaaS and then removed locally
        var image = $"{Server.RegistryHost}/team/pullme:1.0";
        await TestImages.BuildAsync(image, "pull me");
        await fixture.Docker("push", image);
        var id = (await fixture.Docker("image", "inspect", "--format", "{{.Id}}", image)).Trim();
        await fixture.Docker("rmi", image);

        // When it is pulled back
        await fixture.Docker("pull", image);

        // Then the engine has the same image again
        Assert.Equal(id, (await fixture.Docker("image", "inspect", "--format", "{{.Id}}", image)).Trim());
    }

    [Fact]
    public async Task Push_WithCredentials_NeverWritesThemToTheLog()
    {
        var image = $"{Server.RegistryHost}/team/secretive:1";
        await TestImages.BuildAsync(image, "quiet");
        await fixture.Docker("push", image);

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DaasServer.Username}:{Server.Password}"));
        Assert.DoesNotContain(Server.Password, Server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryUsageAndGarbageCollection_AfterPush_ReportRepositoryAndKeepItsBlobs()
    {
        // Given a pushed image
        var image = $"{Server.RegistryHost}/team/measured:1";
        await TestImages.BuildAsync(image, "measured");
        await fixture.Docker("push", image);

        // When usage is asked for and garbage is collected
        using var usageRequest = Server.AuthorizedRequest(HttpMethod.Get, "api/registry");
        using var usage = await Server.Http.SendAsync(usageRequest);
        using var gcRequest = Server.AuthorizedRequest(HttpMethod.Post, "api/registry/gc");
        using var gc = await Server.Http.SendAsync(gcRequest);

        // Then the repository is listed with its bytes, and the image still pulls after collection
        var repositories = System.Text.Json.JsonDocument.Parse(await usage.Content.ReadAsStringAsync()).RootElement.GetProperty("repositories");
        var measured = repositories.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "team/measured");
        Assert.True(measured.GetProperty("bytes").GetInt64() > 1_000_000, "the image holds busybox, over 1 MB");
        Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
        await fixture.Docker("rmi", image);
        await fixture.Docker("pull", image);
    }

    [Fact]
    public async Task Login_WrongPassword_IsRefused()
    {
        var config = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;
        try
        {
            var result = await Commands.RunAsync("docker", ["login", Server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"],
                new Dictionary<string, string> { ["DOCKER_CONFIG"] = config }, "wrong-password");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("401", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Theory]
    [InlineData("GET", "v2/")]
    [InlineData("GET", "v2/_catalog")]
    [InlineData("GET", "v2/hello/tags/list")]
    [InlineData("HEAD", "v2/hello/manifests/latest")]
    [InlineData("GET", "v2/hello/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("POST", "v2/hello/blobs/uploads/")]
    [InlineData("PATCH", "v2/hello/blobs/uploads/0123456789abcdef0123456789abcdef")]
    [InlineData("PUT", "v2/hello/manifests/latest")]
    [InlineData("DELETE", "v2/hello/blobs/uploads/0123456789abcdef0123456789abcdef")]
    public async Task RegistryRoute_MissingOrWrongCredentials_Gets401WithBasicChallenge(string method, string path)
    {
        foreach (var credentials in new[] { null, "admin:wrong", "nobody:test-password" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (credentials is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            }

            using var response = await Server.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
            if (method != "HEAD")
            {
                Assert.Contains("\"UNAUTHORIZED\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }
}
