using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Daas.Hosting;

/// <summary>
/// The session ids of the browsers signed in now. Cookies are stateless, so sign-out alone could
/// not stop a copy of the cookie; a cookie counts only while its id is listed here. The list is
/// in memory on purpose: a restart signs everyone out, which a forgotten revocation list would
/// not (a signed-out cookie would come back to life); persisting it would be more state on disk
/// for a one-user admin UI. Ids unused for longer than a cookie lives are dropped.
/// </summary>
internal sealed class SignedInSessions(TimeProvider time)
{
    public const string ClaimType = "daas:sid";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Starts a session and returns its new, unguessable id.</summary>
    public string Start()
    {
        Prune();
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _lastSeen[id] = time.GetUtcNow();
        return id;
    }

    /// <summary>True (and the session's use noted) when <paramref name="id"/> is signed in.</summary>
    public bool Touch(string? id)
    {
        if (id is null || !_lastSeen.TryGetValue(id, out var seen))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now - seen > SessionCookie.Lifetime)
        {
            _lastSeen.TryRemove(id, out _);
            return false;
        }

        _lastSeen[id] = now;
        return true;
    }

    public void End(string? id)
    {
        if (id is not null)
        {
            _lastSeen.TryRemove(id, out _);
        }
    }

    private void Prune()
    {
        var oldest = time.GetUtcNow() - SessionCookie.Lifetime;
        foreach (var (id, seen) in _lastSeen)
        {
            if (seen < oldest)
            {
                _lastSeen.TryRemove(id, out _);
            }
        }
    }
}
