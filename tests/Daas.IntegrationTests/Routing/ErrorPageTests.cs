using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Routing;

[Collection(SharedDaasServer.Name)]
public sealed class ErrorPageTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Theory]
    [InlineData("nosuchapp.localhost", "/")]
    [InlineData("nosuchapp.localhost", "/v2/")]
    [InlineData("example.org", "/")]
    [InlineData("deep.sub.localhost", "/")]
    public async Task UnknownHost_GetsPlain404ThatNamesNoInternals(string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;

        using var response = await Server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        foreach (var internals in new[] { "Kestrel", "YARP", "Yarp", "ASP.NET", "Exception", "daas.", "docker" })
        {
            Assert.DoesNotContain(internals, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AppThatIsStopped_Gets502WithDaasPage()
    {
        // Given a running app
        await fixture.BuildAndPushAsync("stopped", "about to stop");
        Assert.True(await Server.WaitForAppAsync("stopped", "about to stop"), Server.Output);

        // When it is stopped (through the API: a container stopped behind DaaS's back is started again)
        Assert.Equal(HttpStatusCode.Accepted, (await Server.ApiAsync(HttpMethod.Post, "api/apps/stopped/stop")).Status);

        // Then requests for it get 502 with DaaS's page, which names no internals
        Assert.True(await Eventually.HoldsAsync(async () => (await Server.GetAppAsync("stopped")).Status == HttpStatusCode.BadGateway, TimeSpan.FromSeconds(15)), Server.Output);
        var body = (await Server.GetAppAsync("stopped")).Body;
        Assert.Contains("502", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Yarp", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainNameItself_ReachesDaasRegistry()
    {
        using var request = Server.AuthorizedRequest(HttpMethod.Get, "v2/");
        request.Headers.Host = Server.RegistryHost;

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
    }

    [Theory]
    [InlineData("v2/")]
    [InlineData("api/apps")]
    public async Task AppHost_PathsOfDaasItself_AreForwardedToTheAppEvenWithDaasCredentials(string path)
    {
        // Given a running app (busybox httpd, which answers 404 for paths it does not have)
        await fixture.BuildAndPushAsync("ownpaths", "own paths");
        Assert.True(await Server.WaitForAppAsync("ownpaths", "own paths"), Server.Output);

        // When DaaS's own paths are asked for on the app's host, with DaaS's credentials
        using var request = Server.AuthorizedRequest(HttpMethod.Get, path);
        request.Headers.Host = $"ownpaths.{Server.Domain}";
        using var response = await Server.Http.SendAsync(request);

        // Then the app answers them, never DaaS's registry or API
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("Docker-Distribution-API-Version"));
        Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
