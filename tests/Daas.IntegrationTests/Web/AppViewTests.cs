using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

/// <summary>The app view's runtime facts: image, digest, start time, health, last deploy, certificate and request rate.</summary>
[Collection(SharedDaasServer.Name)]
public sealed class AppViewTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task AppView_OfARunningApp_ShowsWhatRunsAndItsTraffic_AndStoppedItIsDown()
    {
        // Given a deployed app that has answered some requests
        await fixture.BuildAndPushAsync("viewapp", "viewapp v1");
        Assert.True(await Server.WaitForAppAsync("viewapp", "viewapp v1"), Server.Output);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Server.GetAppAsync("viewapp")).Status);
        }

        // When it is shown (the request rate is sampled every 5 s)
        JsonElement view = default;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            view = (await Server.ApiAsync(HttpMethod.Get, "api/apps/viewapp")).Body;
            return view.GetProperty("requestsPerMinute").GetDouble() > 0;
        }, TimeSpan.FromSeconds(30)), view.ToString());

        // Then it names its image and digest, the container's start time and health, and the last deploy
        Assert.Equal($"{Server.Domain}/viewapp", view.GetProperty("image").GetString());
        var current = view.GetProperty("currentRelease");
        Assert.Equal(current.GetProperty("digest").GetString(), view.GetProperty("digest").GetString());
        var startedAt = view.GetProperty("startedAt").GetDateTimeOffset();
        Assert.InRange(startedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("none", view.GetProperty("health").GetString());
        Assert.Equal((1, "running"), (view.GetProperty("lastDeploy").GetProperty("number").GetInt32(), view.GetProperty("lastDeploy").GetProperty("state").GetString()));
        Assert.Matches("^(pending|valid)$", view.GetProperty("certificate").GetString());
        Assert.Contains((await Server.ApiAsync(HttpMethod.Get, "api/apps")).Body.EnumerateArray(), a => a.GetProperty("name").GetString() == "viewapp"
            && a.GetProperty("digest").GetString() == view.GetProperty("digest").GetString());

        // When it is stopped, it is down with no start time
        Assert.Equal(HttpStatusCode.Accepted, (await Server.ApiAsync(HttpMethod.Post, "api/apps/viewapp/stop")).Status);
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            view = (await Server.ApiAsync(HttpMethod.Get, "api/apps/viewapp")).Body;
            return view.GetProperty("health").GetString() == "down";
        }, TimeSpan.FromSeconds(30)), view.ToString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("startedAt").ValueKind);
    }
}
