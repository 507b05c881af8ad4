using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;

namespace Daas.Tls.Acme;

/// <summary>
/// Unused anti-replay nonces (RFC 8555 §6.5). Every response's Replay-Nonce goes in, each signed
/// request takes one out; only when the pool is empty does the client spend a HEAD on newNonce.
/// A nonce is good for one request, so none is ever handed out twice. Safe for concurrent use.
/// </summary>
internal sealed class AcmeNonces
{
    private readonly ConcurrentStack<string> _pool = new();

    /// <summary>Keeps the response's Replay-Nonce, if it has one; error responses carry them too.</summary>
    public void Remember(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            _pool.Push(nonce);
        }
    }

    /// <summary>The freshest unused nonce, or false when a new one must be fetched.</summary>
    public bool TryTake([MaybeNullWhen(false)] out string nonce) => _pool.TryPop(out nonce);
}
