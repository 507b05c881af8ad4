using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Tls.Acme;

namespace Daas.Tests.Tls.Acme;

public sealed class AcmeCertificateTests
{
    [Fact]
    public void FromChainPem_LeafFirst_ReadsTheLeafsValidityAndIssuer()
    {
        // Given: a leaf and its issuer, as a CA sends the chain
        var notBefore = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(notBefore.AddDays(-1), notBefore.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=app.example.test", key, HashAlgorithmName.SHA256).Create(ca, notBefore, notBefore.AddDays(90), [7]);
        var pem = leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n";

        // When
        var certificate = AcmeCertificate.FromChainPem(pem);

        // Then
        Assert.Equal(new AcmeCertificate(pem, notBefore, notBefore.AddDays(90), "CN=Test CA"), certificate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void FromChainPem_NoCertificate_IsAnAcmeError(string pem)
    {
        Assert.Throws<AcmeException>(() => AcmeCertificate.FromChainPem(pem));
    }
}
