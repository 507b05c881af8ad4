using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

public sealed class CrossSiteTests
{
    [Fact]
    public async Task CrossSiteFormPosts_AreRefused_AndChangeNothing()
    {
        // Given a signed-in browser with a valid token
        await using var server = await DaasServer.StartAsync();
        using var ui = new UiClient(server.Http.BaseAddress!);
        (await ui.SignInAsync(DaasServer.Username, server.Password)).Dispose();
        var token = await ui.FormTokenAsync("/");

        // When another site's page posts the sign-out form, by Origin and by Sec-Fetch-Site
        foreach (var (header, value) in new[] { ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "sign-out")
            {
                Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
            };
            post.Headers.Add(header, value);
            using var answer = await ui.SendAsync(post);

            // Then it is refused with a plain page
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
        }

        // And the session still works
        using var dashboard = await ui.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task CrossSiteApiPost_WithValidBasicCredentials_IsRefusedBeforeItActs()
    {
        // Given DaaS, and the same API call from DaaS's own origin reaching the handler (no such app: 404)
        await using var server = await DaasServer.StartAsync();
        using var own = server.AuthorizedRequest(HttpMethod.Post, "api/apps/x/stop");
        own.Headers.Add("Origin", $"http://127.0.0.1:{server.Port}");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(own)).StatusCode);

        // When a browser sends it from another site with the credentials it cached
        foreach (var (header, value) in new[] { ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var post = server.AuthorizedRequest(HttpMethod.Post, "api/apps/x/stop");
            post.Headers.Add(header, value);
            using var answer = await server.Http.SendAsync(post);

            // Then it is refused as problem+json, before the handler
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task FormPostsWithoutTheAntiforgeryToken_AreBadRequests()
    {
        // Given a signed-in browser
        await using var server = await DaasServer.StartAsync();
        using var ui = new UiClient(server.Http.BaseAddress!);
        (await ui.SignInAsync(DaasServer.Username, server.Password)).Dispose();

        // When it posts the sign-in and sign-out forms without their token
        using var signIn = await ui.PostFormAsync("sign-in", null, ("username", DaasServer.Username), ("password", server.Password));
        using var signOut = await ui.PostFormAsync("sign-out", null);
        using var forged = await ui.PostFormAsync("sign-out", "CfDJ8forged");

        // Then both are refused, and the session is not ended
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var dashboard = await ui.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }
}
