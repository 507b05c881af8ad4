using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.IntegrationTests.Fixtures;
using Daas.Tests.TestSupport;
using Daas.Tls.Acme;
using Xunit.Abstractions;

namespace Daas.Tests.Tls.Acme;

/// <summary>
/// The client against a real Pebble (nonce rejections and authorization reuse on), with the
/// challenges answered on loopback. Every test has its own account key and host names.
/// </summary>
public sealed class AcmeClientPebbleTests(PebbleAcmeFixture pebble, ITestOutputHelper output) : IClassFixture<PebbleAcmeFixture>, IDisposable
{
    /// <summary>Bounds every call: a hung poll fails the test instead of stalling the run.</summary>
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(nameof(AcmeChallengeType.Http01), "http.example.test")]
    [InlineData(nameof(AcmeChallengeType.TlsAlpn01), "alpn.example.test")]
    public async Task OrderCertificate_ChallengeAnswered_IssuesAChainForExactlyTheHost(string challenge, string host)
    {
        // Given
        var type = Enum.Parse<AcmeChallengeType>(challenge);
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = pebble.NewClient(accountKey);
        await client.EnsureAccountAsync("ops@example.test", Timeout());
        var presented = pebble.Responder.Presented;

        // When
        var watch = Stopwatch.StartNew();
        var certificate = await client.OrderCertificateAsync(host, certificateKey, type, pebble.Responder, null, Timeout());
        output.WriteLine($"{type}: issued in {watch.ElapsedMilliseconds} ms");

        // Then
        Assert.Equal(presented + 1, pebble.Responder.Presented);
        await AssertIssuedAsync(certificate, host, certificateKey);
    }

    [Fact]
    public async Task EnsureAccount_SameKeyTwice_GivesTheSameAccountUrl()
    {
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var first = pebble.NewClient(accountKey);
        using var second = pebble.NewClient(accountKey);

        var created = await first.EnsureAccountAsync("ops@example.test", Timeout());
        var found = await second.EnsureAccountAsync(null, Timeout());

        Assert.Equal(created, found);
    }

    [Fact]
    public async Task OrderCertificate_WrongKeyAuthorization_ThrowsWhyAndARightAnswerThenSucceeds()
    {
        // Given
        const string host = "wrong.example.test";
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = pebble.NewClient(accountKey);
        await client.EnsureAccountAsync(null, Timeout());

        // When
        var error = await Assert.ThrowsAsync<AcmeException>(() =>
            client.OrderCertificateAsync(host, certificateKey, AcmeChallengeType.Http01, new WrongAnswer(pebble.Responder), null, Timeout()));

        // Then: the message carries the CA's reason, which names what it got
        output.WriteLine(error.Message);
        Assert.Contains(host, error.Message, StringComparison.Ordinal);
        Assert.Contains("http-01", error.Message, StringComparison.Ordinal);
        Assert.Contains("not-the-key-authorization", error.Message, StringComparison.Ordinal);
        Assert.Equal("urn:ietf:params:acme:error:unauthorized", error.Problem?.Type);

        // And: an invalid authorization is never reused, so the retry validates afresh
        var certificate = await client.OrderCertificateAsync(host, certificateKey, AcmeChallengeType.Http01, pebble.Responder, null, Timeout());
        await AssertIssuedAsync(certificate, host, certificateKey);
    }

    [Fact]
    public async Task OrderCertificate_SeveralInARow_SurviveRejectedNonces()
    {
        // Given: about 55 signed requests (20 account look-ups, 4 orders), of which Pebble rejects 5 % of the nonces
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var log = new RecordingLogger();
        using var client = pebble.NewClient(accountKey, log);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await client.EnsureAccountAsync(null, Timeout());
        }

        // When: the same host again and again (valid authorizations reused about half the time)
        for (var i = 0; i < 4; i++)
        {
            using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var certificate = await client.OrderCertificateAsync("repeat.example.test", certificateKey, i % 2 == 0 ? AcmeChallengeType.Http01 : AcmeChallengeType.TlsAlpn01, pebble.Responder, null, Timeout());

            // Then
            await AssertIssuedAsync(certificate, "repeat.example.test", certificateKey);
        }

        var rejected = log.Entries.Count(e => e.Id.Id == 4901);
        var reused = log.Entries.Count(e => e.Id.Id == 4903);
        output.WriteLine($"20 account look-ups and 4 orders in {watch.ElapsedMilliseconds} ms; {rejected} nonces rejected and retried; {reused} authorizations reused");
    }

    [Fact]
    public async Task GetRenewalInfo_PebbleWithoutAri_IsNull()
    {
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = pebble.NewClient(accountKey);
        await client.EnsureAccountAsync(null, Timeout());
        var issued = await client.OrderCertificateAsync("ari.example.test", certificateKey, AcmeChallengeType.Http01, pebble.Responder, "ignored.id", Timeout());
        using var leaf = X509Certificate2.CreateFromPem(issued.ChainPem);

        Assert.Null(await client.GetRenewalInfoAsync(leaf, Timeout()));
    }

    [Fact]
    public async Task PebbleServer_CertificateValidityPeriod_SetsTheLeafsLifetime()
    {
        // Given: a second Pebble that issues one-hour certificates, validating on the same ports
        await using var shortLived = await PebbleServer.StartAsync(pebble.Responder.HttpPort, pebble.Responder.TlsPort, certificateValidityPeriodSeconds: 3600);
        using var httpsCa = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(shortLived.HttpsCaFile));
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = new AcmeClient(new HttpClient(AcmeHttpHandler.Create([httpsCa])), shortLived.Directory, accountKey, TimeProvider.System);
        await client.EnsureAccountAsync(null, Timeout());

        // When
        var certificate = await client.OrderCertificateAsync("short.example.test", certificateKey, AcmeChallengeType.Http01, pebble.Responder, null, Timeout());

        // Then
        output.WriteLine($"{certificate.NotBefore:O} .. {certificate.NotAfter:O}");
        Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalSeconds, 3540, 3600);
    }

    public void Dispose() => _timeout.Dispose();

    private CancellationToken Timeout() => _timeout.Token;

    /// <summary>The chain verifies up to Pebble's issuing root, and the leaf names exactly the host, with the CSR's key.</summary>
    private async Task AssertIssuedAsync(AcmeCertificate certificate, string host, ECDsa certificateKey)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificate.ChainPem);
        using var root = X509Certificate2.CreateFromPem(await pebble.Pebble.IssuingRootPemAsync());
        using var builder = new X509Chain();
        builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        builder.ChainPolicy.CustomTrustStore.Add(root);
        builder.ChainPolicy.ExtraStore.AddRange(chain);
        builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        builder.ChainPolicy.DisableCertificateDownloads = true;
        var leaf = chain[0];

        Assert.True(builder.Build(leaf), string.Join("; ", builder.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal([host], Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()).EnumerateDnsNames());
        Assert.Equal(certificateKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(leaf.Issuer, certificate.Issuer);
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), certificate.NotAfter);
        foreach (var each in chain)
        {
            each.Dispose();
        }
    }

    /// <summary>Serves a wrong key authorization, as a misrouted or stale responder would.</summary>
    private sealed class WrongAnswer(IAcmeChallengeResponder inner) : IAcmeChallengeResponder
    {
        public Task PresentAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) =>
            inner.PresentAsync(answer with { KeyAuthorization = "not-the-key-authorization" }, cancellationToken);

        public Task RemoveAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) => inner.RemoveAsync(answer, cancellationToken);
    }
}
