namespace Daas.Tls.Acme;

/// <summary>An identifier object (RFC 8555 §9.7.7); this client only orders <c>dns</c> names.</summary>
internal sealed record AcmeIdentifier(string Type, string Value);
