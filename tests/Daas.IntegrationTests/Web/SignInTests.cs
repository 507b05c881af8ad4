using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Web;

public sealed class SignInTests
{
    [Fact]
    public async Task SignInForm_RightPassword_OpensTheDashboardWithAStrictHttpOnlyCookie()
    {
        // Given DaaS, and a browser that is not signed in
        await using var server = await DaasServer.StartAsync();
        using var ui = new UiClient(server.Http.BaseAddress!);
        using (var first = await ui.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Found, first.StatusCode);
            Assert.Equal("/sign-in?returnUrl=%2F", first.Headers.Location!.OriginalString);
        }

        // When it signs in through the form, asking to go to /registry afterwards
        using var signIn = await ui.SignInAsync(DaasServer.Username, server.Password, "/registry");

        // Then it is sent there with a session cookie that scripts and other sites cannot use
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal("/registry", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("daas_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here

        // And the dashboard, the API and /metrics answer it
        using var dashboard = await ui.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType!.MediaType);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Apps</h1>", html, StringComparison.Ordinal);
        Assert.Contains("hx-headers=", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/sign-out\"", html, StringComparison.Ordinal);
        using var apps = await ui.GetAsync("/api/apps");
        Assert.Equal(HttpStatusCode.OK, apps.StatusCode);
        using var metrics = await ui.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        // And an unknown page is the UI's 404 page
        using var missing = await ui.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // And the keys that seal the cookie lie in DATA_DIR/keys, readable by DaaS's user only
        var keys = Path.Combine(server.DataDir, "keys");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        Assert.NotEmpty(Directory.GetFiles(keys));
        Assert.All(Directory.GetFiles(keys), file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_EvenForACopyOfTheCookie()
    {
        // Given a signed-in browser, and a copy of its cookie
        await using var server = await DaasServer.StartAsync();
        using var ui = new UiClient(server.Http.BaseAddress!);
        (await ui.SignInAsync(DaasServer.Username, server.Password)).Dispose();
        var copy = ui.SessionCookie!.Value;

        // When it signs out with the form on its page
        using var signOut = await ui.PostFormAsync("sign-out", await ui.FormTokenAsync("/"));

        // Then it is sent to the sign-in page
        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/sign-in", signOut.Headers.Location!.OriginalString);

        // And the copied cookie opens neither a page nor the API
        using var page = WithCookie(HttpMethod.Get, "/", copy);
        using var bare = Bare(server);
        using var pageAnswer = await bare.SendAsync(page);
        Assert.Equal(HttpStatusCode.Found, pageAnswer.StatusCode);
        Assert.StartsWith("/sign-in", pageAnswer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var api = WithCookie(HttpMethod.Get, "api/apps", copy);
        using var apiAnswer = await bare.SendAsync(api);
        Assert.Equal(HttpStatusCode.Unauthorized, apiAnswer.StatusCode);
        Assert.Empty(apiAnswer.Headers.WwwAuthenticate); // a page's own request (its log stream): no Basic dialog over the page

        // And a panel's htmx poll is told to load the sign-in page for the page it polls from, not given it to swap in
        using var poll = WithCookie(HttpMethod.Get, "fragments/apps", copy);
        poll.Headers.Add("HX-Request", "true");
        poll.Headers.Add("HX-Current-URL", $"{server.Http.BaseAddress}apps/web?tab=logs");
        using var pollAnswer = await bare.SendAsync(poll);
        Assert.Equal(HttpStatusCode.Unauthorized, pollAnswer.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fapps%2Fweb%3Ftab%3Dlogs", pollAnswer.Headers.GetValues("HX-Redirect").Single());

        // And a form posted from a page comes back to that page after signing in, not to the form's action
        using var post = WithCookie(HttpMethod.Post, "apps/web/stop", copy);
        post.Headers.Referrer = new Uri($"{server.Http.BaseAddress}apps/web");
        using var postAnswer = await bare.SendAsync(post);
        Assert.Equal(HttpStatusCode.Found, postAnswer.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fapps%2Fweb", postAnswer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WrongPasswords_BlockTheFormAndBasicAlike()
    {
        // Given DaaS allowing 3 failed logins a minute
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["LOGIN_FAILURES_PER_MINUTE"] = "3" });
        using var ui = new UiClient(server.Http.BaseAddress!);

        // When the form is sent a wrong password three times
        for (var i = 0; i < 3; i++)
        {
            using var failed = await ui.SignInAsync(DaasServer.Username, "guess-" + i);

            // Then each time it says so, keeps the user name and not the password, and sets no session
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            var html = await failed.Content.ReadAsStringAsync();
            Assert.Contains("Wrong user name or password.", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{DaasServer.Username}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("guess-", html, StringComparison.Ordinal);
            Assert.Null(ui.SessionCookie);
        }

        // Then the right password is refused for now, by the form and by Basic
        using var blocked = await ui.SignInAsync(DaasServer.Username, server.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Contains("Too many failed sign-ins", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(ui.SessionCookie);
        using var basic = server.AuthorizedRequest(HttpMethod.Get, "api/apps");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.Http.SendAsync(basic)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_PagesRedirectToSignIn_MachinePathsGetTheBasicChallenge()
    {
        // Given DaaS
        await using var server = await DaasServer.StartAsync();
        using var bare = Bare(server);

        // Then pages send a browser to the sign-in form, with the page to come back to
        using var registry = await bare.GetAsync("registry?tab=tags");
        Assert.Equal(HttpStatusCode.Found, registry.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fregistry%3Ftab%3Dtags", registry.Headers.Location!.OriginalString);

        // And the API, /metrics and the registry answer 401 with the Basic challenge, as before the UI
        foreach (var path in new[] { "api/apps", "metrics", "v2/" })
        {
            using var answer = await bare.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("Basic realm=\"DaaS\", charset=\"UTF-8\"", answer.Headers.WwwAuthenticate.ToString());
        }

        // And a forged or stale cookie on the API is a 401 too, never a redirect
        using var forged = WithCookie(HttpMethod.Get, "api/apps", "CfDJ8forged");
        using var forgedAnswer = await bare.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedAnswer.StatusCode);

        // And Basic still opens a page, for clients that send it
        using var basicPage = server.AuthorizedRequest(HttpMethod.Get, "/");
        Assert.Equal(HttpStatusCode.OK, (await bare.SendAsync(basicPage)).StatusCode);

        // And an unknown API path is still a bare 404 for an authorized client, not a page
        using var unknownApi = server.AuthorizedRequest(HttpMethod.Get, "api/no-such-thing");
        using var unknownAnswer = await bare.SendAsync(unknownApi);
        Assert.Equal(HttpStatusCode.NotFound, unknownAnswer.StatusCode);
        Assert.Empty(await unknownAnswer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesHomeInstead()
    {
        // Given DaaS
        await using var server = await DaasServer.StartAsync();
        using var ui = new UiClient(server.Http.BaseAddress!);

        // When a sign-in link carries a return address on another site
        using var signIn = await ui.SignInAsync(DaasServer.Username, server.Password, "//evil.example/steal");

        // Then the browser lands on DaaS's own dashboard
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInOverHttps_SetsASecureCookie()
    {
        // Given DaaS in local mode, serving HTTPS with its local CA's certificate for localhost
        await using var server = await DaasServer.StartAsync();
        var root = X509Certificate2.CreateFromPem(await server.RootPemAsync());
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(server.HttpsPort, "localhost", root), server.Output);
        using var ui = new UiClient(new Uri($"https://localhost:{server.HttpsPort}/"), TrustingOnly(root, server.HttpsPort));

        // When a browser signs in over HTTPS
        using var signIn = await ui.SignInAsync(DaasServer.Username, server.Password);

        // Then its session cookie is sent over HTTPS only
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("daas_session=", StringComparison.Ordinal));
        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(ui.SessionCookie!.Secure);
        using var dashboard = await ui.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    /// <summary>A client that follows no redirect and keeps no cookies: each request carries only what the test puts on it.</summary>
    private static HttpClient Bare(DaasServer server) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Http.BaseAddress };

    private static HttpRequestMessage WithCookie(HttpMethod method, string path, string session)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"daas_session={session}");
        return request;
    }

    /// <summary>Connects to 127.0.0.1:port whatever the name, and trusts only <paramref name="root"/>.</summary>
    private static SocketsHttpHandler TrustingOnly(X509Certificate2 root, int port) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { root },
                RevocationMode = X509RevocationMode.NoCheck,
            },
        },
    };
}
