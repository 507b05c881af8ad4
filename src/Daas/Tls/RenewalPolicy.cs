namespace Daas.Tls;

/// <summary>
/// When a certificate is renewed and when a failed attempt is tried again. Pure, so the schedule
/// can be read (and tested) here rather than inferred from a loop.
/// </summary>
internal static class RenewalPolicy
{
    /// <summary>
    /// The wait after the 1st, 2nd, … failed attempt for one host; the last entry repeats. Short at
    /// first (a DNS record made a moment ago is the usual first failure), then long enough that no
    /// hour holds more than 4 attempts: Let's Encrypt allows 5 failed validations per host and hour.
    /// </summary>
    public static readonly TimeSpan[] RetrySchedule =
    [
        TimeSpan.FromSeconds(10),  // 10 s after the first failure
        TimeSpan.FromMinutes(1),   // ~1 min
        TimeSpan.FromMinutes(30),  // ~31 min
        TimeSpan.FromHours(1),     // ~1.5 h
        TimeSpan.FromHours(2),     // ~3.5 h
        TimeSpan.FromHours(6),     // ~9.5 h
        TimeSpan.FromHours(12),    // ~21.5 h, then every 12 h
    ];

    /// <summary>Two thirds into the certificate's lifetime, whatever that lifetime is (90 days, 6 days, 30 s).</summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        notBefore + ((notAfter - notBefore) * 2 / 3);

    /// <summary>
    /// With the CA's renewal window (RFC 9773 §4.2): a random moment inside it, so that many
    /// servers do not renew at once; now when the window has already begun, but never later than the ratio says.
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, RenewalAdvice advice, DateTimeOffset now, Random random)
    {
        var byRatio = RenewAt(notBefore, notAfter);
        if (advice.WindowEnd <= advice.WindowStart)
        {
            return byRatio;
        }

        var pick = advice.WindowStart + ((advice.WindowEnd - advice.WindowStart) * random.NextDouble());
        if (pick < now)
        {
            pick = now;
        }

        return pick < byRatio ? pick : byRatio;
    }

    /// <summary>When to try again after the <paramref name="failures"/>-th failure in a row, honouring the CA's Retry-After.</summary>
    public static DateTimeOffset NextRetry(int failures, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var wait = RetrySchedule[Math.Clamp(failures, 1, RetrySchedule.Length) - 1];
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked;
        }

        return now + wait;
    }
}
