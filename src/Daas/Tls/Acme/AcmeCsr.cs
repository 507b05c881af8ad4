using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls.Acme;

/// <summary>
/// The certificate signing request finalize sends (RFC 8555 §7.4): exactly one DNS name, in the
/// subjectAltName and, when it fits the 64-character limit of RFC 5280, as the common name too.
/// </summary>
internal static class AcmeCsr
{
    public static byte[] Create(string host, ECDsa certificateKey)
    {
        var subject = new X500DistinguishedNameBuilder();
        if (host.Length <= 64)
        {
            subject.AddCommonName(host);
        }

        var request = new CertificateRequest(subject.Build(), certificateKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequest();
    }
}
