using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

/// <summary>The client against <see cref="StubAcmeServer"/>: what Pebble cannot be made to do on demand.</summary>
public sealed class AcmeClientTests : IDisposable
{
    private readonly ECDsa _accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task EnsureAccount_BadNonce_RetriesWithTheNonceFromTheErrorResponse()
    {
        // Given: the first newAccount is refused for its nonce
        var server = new StubAcmeServer(renewalInfo: false);
        var refused = 0;
        server.OnPost = request => request.Path == "/account" && Interlocked.Increment(ref refused) == 1
            ? StubAcmeServer.Problem(HttpStatusCode.BadRequest, "badNonce", "JWS has an invalid anti-replay nonce")
            : Account();
        using var client = Client(server);

        // When
        var account = await client.EnsureAccountAsync("ops@example.test", CancellationToken.None);

        // Then: the retry spent the nonce the refusal carried
        Assert.Equal(new Uri("https://ca.test/acct/1"), account);
        var posts = server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        var refusal = server.Requests.ToList().IndexOf(posts[0]) + 1;
        Assert.Equal($"nonce-{refusal}", posts[1].Nonce);
        Assert.Contains("\"mailto:ops@example.test\"", posts[1].Payload, StringComparison.Ordinal);
        Assert.Contains("\"termsOfServiceAgreed\":true", posts[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAccount_RateLimited_ThrowsWithTheProblemAndRetryAfter()
    {
        var server = new StubAcmeServer(renewalInfo: false)
        {
            OnPost = _ =>
            {
                var response = StubAcmeServer.Problem(HttpStatusCode.TooManyRequests, "rateLimited", "too many new accounts from this address");
                response.Headers.TryAddWithoutValidation("Retry-After", "3600");
                return response;
            },
        };
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<AcmeException>(() => client.EnsureAccountAsync(null, CancellationToken.None));

        Assert.True(error.IsRateLimited);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(429, error.Problem?.Status);
        Assert.Contains("too many new accounts from this address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRequest_CarriesAUserAgent()
    {
        var server = new StubAcmeServer(renewalInfo: false) { OnPost = _ => Account() };
        using var client = Client(server);

        await client.EnsureAccountAsync(null, CancellationToken.None);

        Assert.All(server.Requests, r => Assert.StartsWith("Daas.Tls.Acme/", r.UserAgent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrderCertificate_ServerWithRenewalInfo_SendsReplaces()
    {
        // Given: the order is refused, which ends the flow after newOrder
        var server = new StubAcmeServer(renewalInfo: true);
        server.OnPost = r => r.Path == "/account" ? Account() : StubAcmeServer.Problem(HttpStatusCode.Forbidden, "unauthorized", "no");
        using var client = Client(server);
        await client.EnsureAccountAsync(null, CancellationToken.None);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // When
        await Assert.ThrowsAsync<AcmeException>(() => client.OrderCertificateAsync("app.example.test", certificateKey, AcmeChallengeType.Http01, new NoResponder(), "aki.serial", CancellationToken.None));

        // Then the first order names the certificate it replaces (the refusal makes the client try once more without)
        var order = server.Requests.First(r => r.Path == "/order");
        Assert.Equal("""{"identifiers":[{"type":"dns","value":"app.example.test"}],"replaces":"aki.serial"}""", order.Payload);
        Assert.Equal("https://ca.test/acct/1", order.Header?.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task OrderCertificate_ServerWithoutRenewalInfo_LeavesReplacesOut()
    {
        var server = new StubAcmeServer(renewalInfo: false);
        server.OnPost = r => r.Path == "/account" ? Account() : StubAcmeServer.Problem(HttpStatusCode.Forbidden, "unauthorized", "no");
        using var client = Client(server);
        await client.EnsureAccountAsync(null, CancellationToken.None);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await Assert.ThrowsAsync<AcmeException>(() => client.OrderCertificateAsync("app.example.test", certificateKey, AcmeChallengeType.Http01, new NoResponder(), "aki.serial", CancellationToken.None));

        Assert.Equal("""{"identifiers":[{"type":"dns","value":"app.example.test"}]}""", Assert.Single(server.Requests, r => r.Path == "/order").Payload);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "alreadyReplaced")] // the predecessor was replaced by an order whose certificate the caller lost
    [InlineData(HttpStatusCode.Forbidden, "unauthorized")] // the predecessor belongs to another account (a new account key, RFC 9773 §5)
    public async Task OrderCertificate_ReplacesRefused_OrdersAgainWithoutReplaces(HttpStatusCode status, string problem)
    {
        // Given a server that refuses the order naming the certificate it replaces
        var server = new StubAcmeServer(renewalInfo: true);
        server.OnPost = r => r.Path switch
        {
            "/account" => Account(),
            "/order" when r.Payload!.Contains("replaces", StringComparison.Ordinal) => StubAcmeServer.Problem(status, problem, "refused replaces"),
            _ => StubAcmeServer.Problem(HttpStatusCode.Forbidden, "unauthorized", "stop here"),
        };
        using var client = Client(server);
        await client.EnsureAccountAsync(null, CancellationToken.None);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // When
        var error = await Assert.ThrowsAsync<AcmeException>(() => client.OrderCertificateAsync("app.example.test", certificateKey, AcmeChallengeType.Http01, new NoResponder(), "aki.serial", CancellationToken.None));

        // Then
        Assert.Contains("stop here", error.Message, StringComparison.Ordinal);
        Assert.Equal([true, false], server.Requests.Where(r => r.Path == "/order").Select(r => r.Payload!.Contains("replaces", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OrderCertificate_RateLimitedWithReplaces_IsNotOrderedAgain()
    {
        // Given a server that answers the renewal's order with a rate limit
        var server = new StubAcmeServer(renewalInfo: true);
        server.OnPost = r => r.Path switch
        {
            "/account" => Account(),
            _ => StubAcmeServer.Problem(HttpStatusCode.TooManyRequests, "rateLimited", "slow down"),
        };
        using var client = Client(server);
        await client.EnsureAccountAsync(null, CancellationToken.None);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // When the renewal is ordered
        var error = await Assert.ThrowsAsync<AcmeException>(() => client.OrderCertificateAsync("app.example.test", certificateKey, AcmeChallengeType.Http01, new NoResponder(), "aki.serial", CancellationToken.None));

        // Then the limit reaches the caller after one order, not two
        Assert.True(error.IsRateLimited);
        Assert.Single(server.Requests, r => r.Path == "/order");
    }

    [Fact]
    public async Task OrderCertificate_BeforeEnsureAccount_IsRefused()
    {
        using var client = Client(new StubAcmeServer(renewalInfo: false));
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.OrderCertificateAsync("app.example.test", certificateKey, AcmeChallengeType.Http01, new NoResponder(), null, CancellationToken.None));
    }

    [Fact]
    public async Task GetRenewalInfo_ServerWithRenewalInfo_ReadsTheWindowAndRetryAfter()
    {
        // Given
        using var issued = Issued();
        var server = new StubAcmeServer(renewalInfo: true);
        server.OnGet = path =>
        {
            var response = StubAcmeServer.Json(HttpStatusCode.OK, """{"suggestedWindow":{"start":"2026-12-20T00:00:00Z","end":"2026-12-22T00:00:00Z"},"explanationURL":"https://ca.test/ari"}""");
            response.Headers.TryAddWithoutValidation("Retry-After", "21600");
            return path == $"/renewal-info/{AcmeRenewalInfo.CertificateId(issued)}" ? response : null;
        };
        using var client = Client(server);

        // When
        var info = await client.GetRenewalInfoAsync(issued, CancellationToken.None);

        // Then
        Assert.Equal(new AcmeRenewalInfo(new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 22, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6)), info);
    }

    [Fact]
    public async Task GetRenewalInfo_WindowEndingBeforeItStarts_IsAnError()
    {
        var server = new StubAcmeServer(renewalInfo: true)
        {
            OnGet = _ => StubAcmeServer.Json(HttpStatusCode.OK, """{"suggestedWindow":{"start":"2026-12-22T00:00:00Z","end":"2026-12-20T00:00:00Z"}}"""),
        };
        using var client = Client(server);

        using var issued = Issued();

        await Assert.ThrowsAsync<AcmeException>(() => client.GetRenewalInfoAsync(issued, CancellationToken.None));
    }

    [Fact]
    public async Task GetRenewalInfo_ServerWithoutRenewalInfo_IsNull()
    {
        var server = new StubAcmeServer(renewalInfo: false);
        using var client = Client(server);

        using var issued = Issued();

        Assert.Null(await client.GetRenewalInfoAsync(issued, CancellationToken.None));
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/renewal-info", StringComparison.Ordinal));
    }

    public void Dispose() => _accountKey.Dispose();

    private AcmeClient Client(StubAcmeServer server) => new(new HttpClient(server), StubAcmeServer.DirectoryUrl, _accountKey, TimeProvider.System);

    private static HttpResponseMessage Account()
    {
        var response = StubAcmeServer.Json(HttpStatusCode.Created, """{"status":"valid"}""");
        response.Headers.Location = new Uri("https://ca.test/acct/1");
        return response;
    }

    /// <summary>A certificate with an Authority Key Identifier, as a CA issues them.</summary>
    private static X509Certificate2 Issued()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=app.example.test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier([1, 2, 3, 4]));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>For flows that end before any challenge.</summary>
    private sealed class NoResponder : IAcmeChallengeResponder
    {
        public Task PresentAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) => throw new InvalidOperationException("no challenge expected");

        public Task RemoveAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
