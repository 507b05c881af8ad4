using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class AcmeRenewalInfoTests
{
    /// <summary>RFC 9773 appendix A: AKI keyIdentifier 69:88:5B:…:D4, serial 00:87:65:43:21.</summary>
    private const string Rfc9773Certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBQzCB66ADAgECAgUAh2VDITAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwpFeGFt
        cGxlIENBMCIYDzAwMDEwMTAxMDAwMDAwWhgPMDAwMTAxMDEwMDAwMDBaMBYxFDAS
        BgNVBAMTC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeBZu
        7cbpAYNXZLbbh8rNIzuOoqOOtmxA1v7cRm//AwyMwWxyHz4zfwmBhcSrf47NUAFf
        qzLQ2PPQxdTXREYEnKMjMCEwHwYDVR0jBBgwFoAUaYhba4dGQEHhs3uEe6CuLN4B
        yNQwCgYIKoZIzj0EAwIDRwAwRAIge09+S5TZAlw5tgtiVvuERV6cT4mfutXIlwTb
        +FYN/8oCIClDsqBklhB9KAelFiYt9+6FDj3z4KGVelYM5MdsO3pK
        -----END CERTIFICATE-----
        """;

    [Fact]
    public void CertificateId_Rfc9773Example_MatchesTheRfc()
    {
        using var certificate = X509Certificate2.CreateFromPem(Rfc9773Certificate);

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AcmeRenewalInfo.CertificateId(certificate));
    }

    [Fact]
    public void CertificateId_NoAuthorityKeyIdentifier_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        Assert.Throws<ArgumentException>(() => AcmeRenewalInfo.CertificateId(certificate));
    }
}
