namespace Daas.Tls.Acme;

/// <summary>
/// An authorization resource (RFC 8555 §7.1.4): whether the account may have certificates for
/// <see cref="Identifier"/>, and the challenges that can prove it. Servers reuse valid ones
/// across orders, so an order's authorization may already be valid when first fetched.
/// </summary>
internal sealed record AcmeAuthorization(string Status, AcmeIdentifier Identifier, IReadOnlyList<AcmeChallenge> Challenges)
{
    public const string Pending = "pending";
    public const string Valid = "valid";
}
