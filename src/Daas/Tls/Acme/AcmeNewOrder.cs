namespace Daas.Tls.Acme;

/// <summary>The newOrder payload (RFC 8555 §7.4), with RFC 9773's <c>replaces</c> for a renewal.</summary>
internal sealed record AcmeNewOrder(IReadOnlyList<AcmeIdentifier> Identifiers, string? Replaces);
