namespace Daas.Tls;

/// <summary>
/// What a TLS ClientHello asks for, read before the handshake starts (<see cref="ClientHelloReader"/>):
/// the SNI host name (lower-cased; null when the client sent none) and the ALPN protocols in the
/// client's order (empty when it sent none). .NET's SslClientHelloInfo gives only the name, and
/// TLS-ALPN-01 must be answered only to connections that ask for "acme-tls/1".
/// </summary>
internal sealed record ClientHello(string? ServerName, IReadOnlyList<string> ApplicationProtocols);
