using Daas.Tls.LocalCa;

namespace Daas.Tls;

/// <summary>Local mode (DOMAIN_NAME=localhost or ACME_DIRECTORY=internal): DaaS's own CA signs every name at once.</summary>
internal sealed class LocalCaIssuer(LocalCertificateAuthority authority) : ICertificateIssuer
{
    public CertificateSource Source => CertificateSource.LocalCa;

    public string Name => "DaaS local CA";

    public Task<IssuedCertificate> IssueAsync(string host, StoredCertificate? current, CancellationToken cancellationToken)
    {
        var (chain, key) = authority.Issue(host);
        return Task.FromResult(new IssuedCertificate(chain, key));
    }

    public Task<RenewalAdvice?> AdviseRenewalAsync(StoredCertificate current, CancellationToken cancellationToken) => Task.FromResult<RenewalAdvice?>(null);
}
