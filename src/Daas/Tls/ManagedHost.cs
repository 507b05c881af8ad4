namespace Daas.Tls;

/// <summary>What the manager knows of one host; replaced whole, so a reader never sees half an update.</summary>
internal sealed record ManagedHost(string Host, StoredCertificate? Certificate, DateTimeOffset? RenewAt, int Failures, string? LastError, DateTimeOffset? RetryAt, DateTimeOffset AdviceAt)
{
    /// <summary>A certificate issued but not yet saved; the next attempt saves it instead of ordering again.</summary>
    public IssuedCertificate? Unsaved { get; init; }

    public DateTimeOffset? ValidFrom => Certificate is null ? null : new DateTimeOffset(Certificate.Leaf.NotBefore.ToUniversalTime());

    public DateTimeOffset? ValidUntil => Certificate is null ? null : new DateTimeOffset(Certificate.Leaf.NotAfter.ToUniversalTime());

    public static ManagedHost From(string host, StoredCertificate? certificate)
    {
        var entry = new ManagedHost(host, certificate, null, 0, null, null, DateTimeOffset.MinValue);
        return certificate is null ? entry : entry with { RenewAt = RenewalPolicy.RenewAt(entry.ValidFrom!.Value, entry.ValidUntil!.Value) };
    }

    /// <summary>
    /// True when a certificate should be obtained now: none, one not made by today's issuer
    /// (<paramref name="current"/> false: the mode or the directory changed), or renewal time;
    /// unless a retry is still waited for.
    /// </summary>
    public bool IsDue(DateTimeOffset now, bool current) =>
        (RetryAt is null || RetryAt <= now) && (Unsaved is not null || !current || RenewAt <= now);

    /// <summary>When the loop must look at this host next: never earlier than a pending retry, never in the past for a host not due.</summary>
    public DateTimeOffset NextAction(bool current)
    {
        var due = Unsaved is not null || !current ? DateTimeOffset.MinValue
            : Certificate!.Source == CertificateSource.Acme && AdviceAt < RenewAt ? AdviceAt : RenewAt!.Value;
        return RetryAt is { } retry && retry > due ? retry : due;
    }

    public CertificateStatus Status(DateTimeOffset now)
    {
        var state = (Certificate, LastError) switch
        {
            (null, null) => CertificateState.Pending,
            _ when ValidUntil <= now => CertificateState.Expired,
            (_, not null) => CertificateState.Failing,
            _ => CertificateState.Valid,
        };
        return new CertificateStatus(Host, state, Certificate?.Source, Certificate?.Leaf.Issuer, ValidFrom, ValidUntil, RenewAt, LastError, RetryAt, Failures);
    }
}
