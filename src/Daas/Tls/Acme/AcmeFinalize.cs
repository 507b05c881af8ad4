namespace Daas.Tls.Acme;

/// <summary>The finalize payload (RFC 8555 §7.4): the CSR as base64url of its DER.</summary>
internal sealed record AcmeFinalize(string Csr);
