using System.Collections.Concurrent;
using Daas.Tls.Acme;

namespace Daas.Tls;

/// <summary>
/// Presents ACME challenges while an order validates: HTTP-01 key authorizations served by
/// <see cref="Http01ChallengeMiddleware"/> on HTTP_PORT, TLS-ALPN-01 certificates handed to the
/// <see cref="CertificateSelector"/> for HTTPS_PORT.
/// </summary>
internal sealed class ChallengeResponder(CertificateSelector selector) : IAcmeChallengeResponder
{
    private readonly ConcurrentDictionary<string, AcmeChallengeAnswer> _http01 = new(StringComparer.Ordinal);

    public Task PresentAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Type == AcmeChallengeType.Http01)
        {
            _http01[answer.Token] = answer;
        }
        else
        {
            selector.PresentChallenge(answer.Host, TlsAlpnChallenge.CreateCertificate(answer.Host, answer.KeyAuthorization));
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.Type == AcmeChallengeType.Http01)
        {
            _http01.TryRemove(answer.Token, out _);
        }
        else
        {
            selector.RemoveChallenge(answer.Host);
        }

        return Task.CompletedTask;
    }

    /// <summary>The key authorization for an HTTP-01 token of <paramref name="host"/>, or null.</summary>
    public string? Http01KeyAuthorization(string host, string token) =>
        _http01.TryGetValue(token, out var answer) && string.Equals(answer.Host, host, StringComparison.OrdinalIgnoreCase) ? answer.KeyAuthorization : null;
}
