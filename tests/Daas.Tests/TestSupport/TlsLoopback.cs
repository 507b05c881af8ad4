using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Daas.Tests.TestSupport;

/// <summary>Real TLS over a loopback TCP connection: a handshake against a server certificate, or the raw ClientHello a client sends.</summary>
public static class TlsLoopback
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Serves <paramref name="certificate"/> (and <paramref name="intermediates"/>) from an SslStream
    /// server to an SslStream client asking for <paramref name="host"/>; returns what the client was
    /// shown: the leaf, and the other certificates the server sent. The client trusts exactly
    /// <paramref name="certificate"/> (pinned), so the handshake tests the server side only.
    /// </summary>
    public static async Task<(X509Certificate2 Leaf, X509Certificate2Collection Sent)> HandshakeAsync(X509Certificate2 certificate, X509Certificate2Collection? intermediates, string host)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var (client, server) = await ConnectAsync(timeout.Token);
        using var clientStream = client;
        using var serverStream = server;
        X509Certificate2? shown = null;
        var sent = new X509Certificate2Collection();
        await using var clientTls = new SslStream(clientStream);
        await using var serverTls = new SslStream(serverStream);
        var serving = serverTls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificateContext = SslStreamCertificateContext.Create(certificate, intermediates, offline: true) },
            timeout.Token);
        await clientTls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, leaf, chain, _) =>
                {
                    shown = X509CertificateLoader.LoadCertificate(leaf!.GetRawCertData());
                    sent.AddRange(chain!.ChainPolicy.ExtraStore);
                    return leaf.GetCertHashString() == certificate.Thumbprint;
                },
            },
            timeout.Token);
        await serving;
        return (shown!, sent);
    }

    /// <summary>
    /// The first TLS record an SslStream client sends when it asks for <paramref name="host"/> and
    /// <paramref name="protocols"/>: its ClientHello. The record is cut out by its own header, so
    /// the bytes do not depend on the reader under test.
    /// </summary>
    public static async Task<byte[]> CaptureClientHelloAsync(string host, params string[] protocols)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var (client, server) = await ConnectAsync(timeout.Token);
        using var clientStream = client;
        await using var clientTls = new SslStream(clientStream);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = protocols.Length == 0 ? null : protocols.Select(p => new SslApplicationProtocol(p)).ToList(),
        };
        var handshake = clientTls.AuthenticateAsClientAsync(options, timeout.Token);
        byte[] record;
        using (server)
        {
            var header = new byte[5];
            await server.ReadExactlyAsync(header, timeout.Token);
            record = new byte[5 + (header[3] << 8 | header[4])];
            header.CopyTo(record, 0);
            await server.ReadExactlyAsync(record.AsMemory(5), timeout.Token);
        }

        // The server hung up without answering: the client's handshake fails, as intended.
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return record;
    }

    private static async Task<(NetworkStream Client, NetworkStream Server)> ConnectAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
        var server = await listener.AcceptTcpClientAsync(cancellationToken);
        return (client.GetStream(), server.GetStream());
    }
}
