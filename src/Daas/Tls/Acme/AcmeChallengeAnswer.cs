namespace Daas.Tls.Acme;

/// <summary>
/// What a responder must serve while the CA validates one authorization. For
/// <see cref="AcmeChallengeType.Http01"/>: <c>GET http://{Host}/.well-known/acme-challenge/{Token}</c>
/// answers <see cref="KeyAuthorization"/> as <c>text/plain</c>. For
/// <see cref="AcmeChallengeType.TlsAlpn01"/>: a TLS handshake for SNI <see cref="Host"/> with ALPN
/// <see cref="TlsAlpnChallenge.Protocol"/> presents
/// <see cref="TlsAlpnChallenge.CreateCertificate"/>(<see cref="Host"/>, <see cref="KeyAuthorization"/>).
/// </summary>
internal sealed record AcmeChallengeAnswer(AcmeChallengeType Type, string Host, string Token, string KeyAuthorization);
