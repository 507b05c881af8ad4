namespace Daas.Tls;

/// <summary>Where a managed host stands, as /api/certificates shows it.</summary>
internal enum CertificateState
{
    /// <summary>No certificate yet; the first one is being obtained.</summary>
    Pending,

    /// <summary>A certificate in date, last attempt fine.</summary>
    Valid,

    /// <summary>The last attempt failed; a certificate in date, if any, keeps being served until the retry.</summary>
    Failing,

    /// <summary>The certificate served is past its end and no new one could be obtained yet.</summary>
    Expired,
}

/// <summary>One managed host: its certificate's facts, when it renews, and how its last attempt went.</summary>
internal sealed record CertificateStatus(
    string Host,
    CertificateState State,
    CertificateSource? Source,
    string? Issuer,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? NextRenewal,
    string? LastError,
    DateTimeOffset? NextRetry,
    int Failures);
