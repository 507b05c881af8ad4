using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class TlsAlpnChallengeTests
{
    [Fact]
    public void CreateCertificate_CarriesTheCriticalAcmeIdentifierWithTheKeyAuthorizationHash()
    {
        // When
        using var certificate = TlsAlpnChallenge.CreateCertificate("app.example.test", "token.thumbprint");

        // Then: RFC 8737 §3: extnValue is the DER OCTET STRING of SHA-256(key authorization)
        var extension = Assert.Single(certificate.Extensions, e => e.Oid?.Value == "1.3.6.1.5.5.7.1.31");
        Assert.True(extension.Critical);
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes("token.thumbprint")), reader.ReadOctetString());
        Assert.False(reader.HasData);
    }

    [Fact]
    public void CreateCertificate_NamesExactlyTheHostAndHasItsOwnP256Key()
    {
        using var certificate = TlsAlpnChallenge.CreateCertificate("app.example.test", "token.thumbprint");

        var names = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["app.example.test"], names.EnumerateDnsNames());
        Assert.Empty(names.EnumerateIPAddresses());
        Assert.True(certificate.HasPrivateKey);
        using var key = certificate.GetECDsaPrivateKey();
        Assert.Equal(256, key?.KeySize);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("acme-tls/1", TlsAlpnChallenge.Protocol);
    }

    [Fact]
    public void CreateCertificate_TwoCalls_UseDifferentKeys()
    {
        using var first = TlsAlpnChallenge.CreateCertificate("app.example.test", "a.b");
        using var second = TlsAlpnChallenge.CreateCertificate("app.example.test", "a.b");

        Assert.NotEqual(first.GetPublicKey(), second.GetPublicKey());
    }
}
