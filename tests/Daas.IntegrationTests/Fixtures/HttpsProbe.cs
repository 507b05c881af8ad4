using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>What one HTTPS request saw: the answer, the certificate served, and whether it chained to the trusted root.</summary>
public sealed record HttpsAnswer(HttpStatusCode Status, string Body, X509Certificate2 Certificate, bool Trusted, HttpResponseMessage Response);

/// <summary>
/// HTTPS to a DaaS on loopback under any host name: the name goes into SNI and Host, the
/// connection to 127.0.0.1:port. Trusts only the root given (Pebble's issuing root, the local CA's),
/// never the system's, and fetches nothing while building the chain.
/// </summary>
public static class HttpsProbe
{
    public static async Task<HttpsAnswer> GetAsync(int port, string host, string path, X509Certificate2? root, string? protocol = null, HttpMethod? method = null)
    {
        X509Certificate2? served = null;
        var trusted = false;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // Accepts every certificate on purpose: the probe reports trust in Trusted, and the tests assert it
                // (a test of the self-signed fallback must see the handshake complete).
#pragma warning disable CA5359
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    served = new X509Certificate2(certificate!);
                    // What the server sent besides its leaf (the intermediates) is in the chain's extra store.
                    var sent = new X509Certificate2Collection();
                    sent.AddRange(chain!.ChainPolicy.ExtraStore);
                    trusted = root is not null && ChainsTo(served, root, sent);
                    return true;
                },
#pragma warning restore CA5359
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"https://{host}:{port}{path}");
        if (protocol == "h2")
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new HttpsAnswer(response.StatusCode, body, served!, trusted, response);
    }

    /// <summary>Waits until <paramref name="host"/> is served a certificate for exactly that name that chains to <paramref name="root"/>.</summary>
    public static Task<bool> WaitForTrustedCertificateAsync(int port, string host, X509Certificate2 root, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(async () =>
        {
            try
            {
                var answer = await GetAsync(port, host, "/", root);
                return answer.Trusted && answer.Certificate.MatchesHostname(host, allowWildcards: false);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout ?? TimeSpan.FromSeconds(60));

    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, X509Certificate2Collection? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.AddRange(intermediates ?? []);
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(leaf);
    }
}
