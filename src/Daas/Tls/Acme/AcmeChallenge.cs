using System.Text.Json;

namespace Daas.Tls.Acme;

/// <summary>
/// A challenge object (RFC 8555 §7.1.5, §8): its method, the URL to POST to once the answer is
/// served, the token, and the problem document <see cref="Error"/> when validation failed.
/// </summary>
internal sealed record AcmeChallenge(string Type, Uri Url, string Status, string? Token = null, JsonElement? Error = null)
{
    public const string Pending = "pending";

    /// <summary>The method's name on the wire (RFC 8555 §8.3, RFC 8737 §3).</summary>
    public static string WireName(AcmeChallengeType type) => type switch
    {
        AcmeChallengeType.Http01 => "http-01",
        AcmeChallengeType.TlsAlpn01 => "tls-alpn-01",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
