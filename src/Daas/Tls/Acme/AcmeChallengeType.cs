namespace Daas.Tls.Acme;

/// <summary>
/// The validation methods this client can answer: HTTP-01 (RFC 8555 §8.3) and TLS-ALPN-01
/// (RFC 8737). DNS-01 is left out on purpose: it needs a DNS provider, which a self-hosted box
/// does not have.
/// </summary>
internal enum AcmeChallengeType
{
    Http01,
    TlsAlpn01,
}
