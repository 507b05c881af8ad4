namespace Daas.Tls.Acme;

/// <summary>
/// The server's directory (RFC 8555 §7.1.1): the URLs of the resources this client uses.
/// <see cref="RenewalInfo"/> is present only on servers that offer ARI (RFC 9773 §3).
/// </summary>
internal sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RenewalInfo = null);
