using System.Security.Cryptography.X509Certificates;
using Daas.Tests.TestSupport;
using Daas.Tls;

namespace Daas.Tests.Tls;

public sealed class FallbackCertificateTests
{
    [Fact]
    public void A_fallback_certificate_is_self_signed_for_exactly_its_host_with_its_key_for_a_week()
    {
        // Given the time before it is made
        var before = DateTimeOffset.UtcNow;

        // When a fallback is made for a host
        using var certificate = FallbackCertificate.Create("app.example.com");

        // Then it names that host only, carries its key and is valid from about now for seven days
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(["app.example.com"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(certificate.MatchesHostname("app.example.com"));
        Assert.False(certificate.MatchesHostname("other.example.com"));
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(256, certificate.GetECDsaPublicKey()!.KeySize);
        Assert.InRange(new DateTimeOffset(certificate.NotBefore), before.AddMinutes(-1).AddSeconds(-1), before);
        Assert.InRange(new DateTimeOffset(certificate.NotAfter) - new DateTimeOffset(certificate.NotBefore), TimeSpan.FromDays(7), TimeSpan.FromDays(7).Add(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_fallback_certificate_serves_a_real_TLS_handshake()
    {
        using var certificate = FallbackCertificate.Create("app.example.com");

        var (shown, _) = await TlsLoopback.HandshakeAsync(certificate, null, "app.example.com");

        Assert.Equal(certificate.Thumbprint, shown.Thumbprint);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("App.example.com")]
    [InlineData("")]
    public void A_name_that_is_not_lower_case_DNS_labels_gets_no_fallback(string host)
    {
        Assert.Throws<ArgumentException>(() => FallbackCertificate.Create(host));
    }
}
