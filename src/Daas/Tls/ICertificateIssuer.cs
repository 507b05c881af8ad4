namespace Daas.Tls;

/// <summary>A certificate chain (leaf first) and its private key, both PEM, as an issuer hands them over.</summary>
internal sealed record IssuedCertificate(string ChainPem, string KeyPem);

/// <summary>
/// Where certificates come from: an ACME CA (<see cref="AcmeIssuer"/>) or DaaS's local CA
/// (<see cref="LocalCaIssuer"/>). The <see cref="CertificateManager"/> decides when; the issuer only how.
/// </summary>
internal interface ICertificateIssuer
{
    /// <summary>What its certificates count as (only ACME ones turn on redirects and HSTS).</summary>
    CertificateSource Source { get; }

    /// <summary>A name shown in /api/certificates, e.g. the ACME directory.</summary>
    string Name { get; }

    /// <summary>Issues a certificate for exactly <paramref name="host"/>; <paramref name="current"/> is the one it renews, if any.</summary>
    Task<IssuedCertificate> IssueAsync(string host, StoredCertificate? current, CancellationToken cancellationToken);

    /// <summary>When the CA wants <paramref name="current"/> renewed (ACME Renewal Information), or null when it does not say.</summary>
    Task<RenewalAdvice?> AdviseRenewalAsync(StoredCertificate current, CancellationToken cancellationToken);
}

/// <summary>A CA's suggested renewal window, and when to ask again.</summary>
internal sealed record RenewalAdvice(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, TimeSpan? AskAgainAfter);
