using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Daas.Tls.Acme;

/// <summary>
/// The TLS-ALPN-01 answer (RFC 8737 §3): a self-signed certificate for one DNS name that the
/// server presents when a handshake asks for <see cref="Protocol"/>. It carries the critical
/// id-pe-acmeIdentifier extension whose value is the DER OCTET STRING of
/// SHA-256(key authorization). Each one has its own ephemeral P-256 key.
/// </summary>
internal static class TlsAlpnChallenge
{
    /// <summary>The ALPN protocol name the validator offers, and the only one to answer it with.</summary>
    public const string Protocol = "acme-tls/1";

    /// <summary>id-pe-acmeIdentifier (RFC 8737 §6.1).</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    public static X509Certificate2 CreateCertificate(string host, string keyAuthorization)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(host.Length <= 64 ? host : "acme-tls-alpn-01");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());

        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(SHA256.HashData(Encoding.ASCII.GetBytes(keyAuthorization)));
        request.CertificateExtensions.Add(new X509Extension(AcmeIdentifierOid, value.Encode(), critical: true));

        // Validators do not check these dates; a day either side keeps clock skew harmless.
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }
}
