using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tls.Acme;

/// <summary>
/// An issued certificate: the chain exactly as the server sent it (PEM, leaf first, then the
/// intermediates), with the leaf's validity and issuer read out so the caller can schedule the
/// renewal without parsing it again.
/// </summary>
internal sealed record AcmeCertificate(string ChainPem, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Issuer)
{
    /// <summary>Reads the leaf (the first certificate) of a <c>application/pem-certificate-chain</c> body.</summary>
    public static AcmeCertificate FromChainPem(string chainPem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(chainPem);
            if (certificates.Count == 0)
            {
                throw new AcmeException("The ACME server sent a certificate chain with no certificate in it");
            }

            var leaf = certificates[0];
            return new AcmeCertificate(chainPem, new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), leaf.Issuer);
        }
        catch (CryptographicException e)
        {
            throw new AcmeException($"The certificate chain the ACME server sent does not parse: {e.Message}", inner: e);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
