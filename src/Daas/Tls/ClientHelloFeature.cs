namespace Daas.Tls;

/// <summary>
/// The connection feature <see cref="ClientHelloPeek"/> sets on every connection before TLS
/// starts: the ClientHello it read, or null when the client sent none that could be read (too
/// slow, closed early, not TLS). The TLS callback reads it to choose certificate and ALPN.
/// </summary>
internal sealed class ClientHelloFeature
{
    public ClientHello? Hello { get; init; }
}
