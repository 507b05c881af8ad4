using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls;

/// <summary>
/// The request behind every certificate DaaS makes for itself (local CA leaves, fallbacks): P-256,
/// exactly one name (subject CN and SAN dNSName), not a CA, digitalSignature, EKU serverAuth and a
/// subject key identifier. Browsers and SslStream accept such a leaf for that name and no other.
/// </summary>
internal static class ServerCertificateRequest
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    public static CertificateRequest Create(string host, ECDsa key)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(TlsHostName.Require(host));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);

        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    /// <summary>
    /// A random serial of 16 bytes (the CA/Browser Forum asks for at least 64 random bits). The top
    /// bit is cleared, as a serial is positive, and the next one set, so DER needs no leading zero.
    /// </summary>
    public static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
