using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls.Acme;

/// <summary>
/// The CA's suggested renewal window for one certificate (RFC 9773 §4.2), and how long to wait
/// before asking again (its Retry-After, §4.3). The caller picks a time inside the window.
/// </summary>
internal sealed record AcmeRenewalInfo(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, TimeSpan? RetryAfter)
{
    /// <summary>
    /// The certificate's ARI identifier (RFC 9773 §4.1), which is also the <c>replaces</c> value of
    /// a renewal's newOrder: base64url of the Authority Key Identifier's keyIdentifier, a period,
    /// and base64url of the serial number's DER INTEGER content bytes (a leading zero byte kept),
    /// both unpadded.
    /// </summary>
    public static string CertificateId(X509Certificate2 certificate)
    {
        var keyIdentifier = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier
            ?? throw new ArgumentException("The certificate has no Authority Key Identifier with a keyIdentifier, so renewal information cannot name it", nameof(certificate));
        return $"{Base64Url.EncodeToString(keyIdentifier.Span)}.{Base64Url.EncodeToString(certificate.SerialNumberBytes.Span)}";
    }
}
