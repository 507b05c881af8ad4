using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

[Collection(SharedDaasServer.Name)]
public sealed class UnknownAppTests(DaasFixture fixture)
{
    [Theory]
    [InlineData("POST", "api/apps/nosuch/stop")]
    [InlineData("POST", "api/apps/nosuch/start")]
    [InlineData("POST", "api/apps/nosuch/restart")]
    [InlineData("POST", "api/apps/nosuch/rollback")]
    [InlineData("GET", "api/apps/nosuch")]
    [InlineData("GET", "api/apps/nosuch/releases")]
    [InlineData("DELETE", "api/apps/nosuch")]
    public async Task UnknownApp_Is404WithAProblemNamingIt(string method, string path)
    {
        // When an app that does not exist is asked for
        var (status, problem) = await fixture.Server.ApiAsync(new HttpMethod(method), path);

        // Then the answer is 404 with a problem naming it

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("there is no app named 'nosuch'", problem.GetProperty("detail").GetString());
    }
}
