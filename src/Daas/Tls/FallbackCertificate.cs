using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls;

/// <summary>
/// A self-signed certificate for a name that has no real one yet. A TLS handshake must never wait
/// for ACME, so until the real certificate arrives the server answers with this one (browsers warn,
/// nothing hangs). It lives in memory only and for a week, which the caller's next issuance or
/// renewal check easily beats.
/// </summary>
internal static class FallbackCertificate
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// A P-256 certificate for exactly <paramref name="host"/> (see <see cref="ServerCertificateRequest"/>)
    /// with its private key attached, valid from a minute ago for seven days. Throws
    /// <see cref="ArgumentException"/> when <paramref name="host"/> is not lower-case DNS labels.
    /// </summary>
    public static X509Certificate2 Create(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return ServerCertificateRequest.Create(host, key).CreateSelfSigned(now.AddMinutes(-1), now + Lifetime);
    }
}
