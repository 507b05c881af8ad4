using System.Net;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

public sealed class PageHeadersTests
{
    private const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    [Fact]
    public async Task Pages_CarryTheSecurityHeaders_AndNoInlineCode()
    {
        // Given DaaS
        await using var server = await DaasServer.StartAsync();

        // When the sign-in page and the dashboard are fetched
        using var signIn = await server.Http.GetAsync("sign-in");
        using var request = server.AuthorizedRequest(HttpMethod.Get, "/");
        using var dashboard = await server.Http.SendAsync(request);

        // Then both carry the CSP and the other headers, and neither holds an inline script, style or handler
        foreach (var page in new[] { signIn, dashboard })
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(Csp, string.Join(",", page.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", string.Join(",", page.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", string.Join(",", page.Headers.GetValues("X-Frame-Options")));
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
            Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch("\\s(style|on[a-z]+)=", html);
        }
    }

    [Fact]
    public async Task StaticFiles_AreServedWithoutCredentials_WithETagsAnd304()
    {
        // Given DaaS
        await using var server = await DaasServer.StartAsync();

        // When htmx is fetched without credentials
        using var first = await server.Http.GetAsync("static/htmx.min.js");

        // Then it is the embedded file, typed, with an ETag and a revalidation policy
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("version:\"2.0.11\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var etag = first.Headers.ETag!;
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());

        // And asked again with that ETag, the answer is a bodiless 304
        using var again = new HttpRequestMessage(HttpMethod.Get, "static/htmx.min.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // And the stylesheet is there too, and an unknown file is a 404
        using var css = await server.Http.GetAsync("static/daas.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        using var missing = await server.Http.GetAsync("static/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
