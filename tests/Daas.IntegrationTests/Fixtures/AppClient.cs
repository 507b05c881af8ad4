using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// HTTP, HTTPS and WebSocket clients for an app behind DaaS, addressed by its real name
/// (http://app.localhost:port/): the name goes into Host, SNI and the WebSocket handshake as a
/// browser would send them, while every connection goes to 127.0.0.1:port. Over HTTPS only a
/// certificate for that name chaining to the given root (the local CA's) is accepted.
/// </summary>
public static class AppClient
{
    public static SocketsHttpHandler Handler(int port, X509Certificate2? root = null) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                root is not null && certificate is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && HttpsProbe.ChainsTo(new X509Certificate2(certificate), root, chain?.ChainPolicy.ExtraStore),
        },
    };

    /// <summary>A client whose requests for any host reach DaaS on 127.0.0.1:<paramref name="port"/>.</summary>
    public static HttpClient Http(int port, X509Certificate2? root = null, TimeSpan? timeout = null) =>
        new(Handler(port, root)) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
}
