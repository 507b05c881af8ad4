namespace Daas.Tls.Acme;

/// <summary>
/// The newAccount payload (RFC 8555 §7.3): agreement to the terms of service and optional
/// <c>mailto:</c> contacts. Sent again with the same key, it finds the existing account.
/// </summary>
internal sealed record AcmeAccount(bool TermsOfServiceAgreed, IReadOnlyList<string>? Contact);
