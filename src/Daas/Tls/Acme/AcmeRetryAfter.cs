using System.Net.Http.Headers;

namespace Daas.Tls.Acme;

/// <summary>
/// Reads Retry-After (RFC 9110 §10.2.3) as a wait from now: it is either delay-seconds or an
/// HTTP date. ACME servers send it on rate limits, on polled resources still in progress
/// (RFC 8555 §7.5.1, §7.4) and on renewal information (RFC 9773 §4.3).
/// </summary>
internal static class AcmeRetryAfter
{
    /// <summary>The wait the header asks for, never negative; null when it is absent or unreadable.</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
