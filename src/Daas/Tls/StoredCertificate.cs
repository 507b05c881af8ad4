using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls;

/// <summary>
/// A certificate read back from <see cref="CertificateStore"/>: the leaf with its private key
/// attached (ready for an SslStream server), the certificates that chain it to its root, the
/// chain as PEM (leaf first, each certificate followed by a newline) and who issued it. The
/// caller owns the certificates and disposes them.
/// </summary>
internal sealed record StoredCertificate(
    string Host,
    X509Certificate2 Leaf,
    X509Certificate2Collection Intermediates,
    string ChainPem,
    CertificateSource Source)
{
    /// <summary>Which issuer of that source made it (the ACME directory URL), when it was recorded.</summary>
    public string? IssuedBy { get; init; }
}
