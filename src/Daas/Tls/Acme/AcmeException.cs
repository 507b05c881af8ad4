namespace Daas.Tls.Acme;

/// <summary>
/// The ACME server refused a request, sent something this client cannot use, or an
/// authorization or order ended invalid. <see cref="Problem"/> is the server's problem document
/// when it sent one, <see cref="RetryAfter"/> its Retry-After (how long to wait before trying
/// again). The message says what failed and why, for an operator; it never holds key material.
/// Network failures are not wrapped: they surface as <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class AcmeException(string message, AcmeProblem? problem = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public AcmeProblem? Problem { get; } = problem;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The server's rate limit was hit (<c>rateLimited</c>): retry no sooner than <see cref="RetryAfter"/>.</summary>
    public bool IsRateLimited => Problem?.Type == AcmeProblem.RateLimited;
}
