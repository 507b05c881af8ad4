using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Daas.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.Tls;

/// <summary>
/// The peek in a real Kestrel, placed before UseHttps(TlsHandshakeCallbackOptions) as DaaS will
/// use it: OnConnection picks the certificate, and the ALPN list, from the ClientHelloFeature.
/// <para>
/// What this shows about Kestrel (read in HttpsConnectionMiddleware and HttpConnection, and
/// proven below): OnConnection need not set ApplicationProtocols. When the options it returns
/// leave it null, Kestrel fills in the listener's protocols (h2 then http/1.1 for
/// Http1AndHttp2); when it sets them, Kestrel leaves them alone, which is how a TLS-ALPN-01
/// answer offers acme-tls/1 only. After the handshake Kestrel speaks HTTP/2 when ALPN chose
/// "h2" and HTTP/1.1 for anything else (http/1.1, acme-tls/1, no ALPN); a listener with
/// HTTP/2 only refuses a connection that did not choose h2.
/// </para>
/// </summary>
public sealed class ClientHelloPeekTests : IAsyncLifetime, IDisposable
{
    private const string Host = "app.example.com";
    private static readonly SslApplicationProtocol AcmeTls1 = new("acme-tls/1");

    private readonly X509Certificate2 _challenge = FallbackCertificate.Create(Host);
    private readonly X509Certificate2 _site = FallbackCertificate.Create(Host);
    private readonly ConcurrentQueue<ClientHello?> _seen = new();
    private WebApplication? _app;
    private int _port;

    public async Task InitializeAsync()
    {
        var challenge = SslStreamCertificateContext.Create(_challenge, null, offline: true);
        var site = SslStreamCertificateContext.Create(_site, null, offline: true);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseClientHelloPeek();
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                OnConnection = context =>
                {
                    var hello = context.Connection.Features.Get<ClientHelloFeature>()?.Hello;
                    _seen.Enqueue(hello);
                    return ValueTask.FromResult(hello?.ApplicationProtocols.Contains(AcmeTls1.ToString()) == true
                        ? new SslServerAuthenticationOptions { ServerCertificateContext = challenge, ApplicationProtocols = [AcmeTls1] }
                        : new SslServerAuthenticationOptions { ServerCertificateContext = site });
                },
            });
        }));
        _app = builder.Build();
        _app.MapGet("/", (HttpContext http) => http.Request.Protocol);
        await _app.StartAsync();
        _port = new Uri(_app.Urls.Single()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _challenge.Dispose();
        _site.Dispose();
    }

    [Fact]
    public async Task A_client_asking_for_acme_tls_1_gets_the_challenge_certificate_and_that_protocol()
    {
        // Given a TLS client that asks for acme-tls/1 only, as an ACME server validating TLS-ALPN-01
        using var tcp = await ConnectAsync();
        X509Certificate? shown = null;
        await using var tls = new SslStream(tcp);

        // When it completes the handshake
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = Host,
            ApplicationProtocols = [AcmeTls1],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                shown = certificate;
                return certificate?.GetCertHashString() == _challenge.Thumbprint;
            },
        });

        // Then it was shown the challenge certificate, agreed on acme-tls/1, and the feature held its hello
        Assert.Equal(_challenge.Thumbprint, shown!.GetCertHashString());
        Assert.Equal(AcmeTls1, tls.NegotiatedApplicationProtocol);
        var hello = Assert.Single(_seen);
        Assert.Equal(Host, hello!.ServerName);
        Assert.Equal(["acme-tls/1"], hello.ApplicationProtocols);
    }

    [Fact]
    public async Task An_HTTP_2_client_gets_the_site_certificate_and_an_HTTP_2_answer_with_ALPN_left_to_Kestrel()
    {
        // Given an HTTP/2 client
        using var client = Client(HttpVersion.Version20);

        // When it asks for the page
        using var response = await client.GetAsync(new Uri($"https://{Host}:{_port}/"));

        // Then the answer is 200 over HTTP/2 and its ClientHello asked for h2
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2", await response.Content.ReadAsStringAsync());
        var hello = Assert.Single(_seen);
        Assert.Equal(Host, hello!.ServerName);
        Assert.Contains("h2", hello.ApplicationProtocols);
    }

    [Fact]
    public async Task An_HTTP_1_1_client_that_offers_no_ALPN_gets_an_HTTP_1_1_answer_on_the_same_listener()
    {
        // Given an HTTP/1.1 client (HttpClient offers no ALPN for HTTP/1.1 only)
        using var client = Client(HttpVersion.Version11);

        // When it asks for the page
        using var response = await client.GetAsync(new Uri($"https://{Host}:{_port}/"));

        // Then Kestrel, with no protocol chosen, speaks HTTP/1.1
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", await response.Content.ReadAsStringAsync());
        Assert.Empty(Assert.Single(_seen)!.ApplicationProtocols);
    }

    [Fact]
    public async Task A_client_that_speaks_plain_HTTP_is_turned_away_at_once_without_a_TLS_callback()
    {
        // Given a client that sends plain HTTP to the TLS port
        using var tcp = await ConnectAsync();
        var stopwatch = Stopwatch.StartNew();
        await tcp.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {Host}\r\n\r\n"));

        // When it waits for an answer
        var answer = await ReadUntilClosedAsync(tcp);

        // Then the connection closes without waiting for the peek's timeout, and with no HTTP answer
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}, as if it had waited for the peek's 10 s");
        Assert.DoesNotContain("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task A_client_that_closes_halfway_through_its_ClientHello_leaves_the_server_serving_others()
    {
        // Given a client that sends the first bytes of a ClientHello and hangs up
        using (var tcp = await ConnectAsync())
        {
            await tcp.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00 });
        }

        // When another client asks for the page
        using var client = Client(HttpVersion.Version20);
        using var response = await client.GetAsync(new Uri($"https://{Host}:{_port}/"));

        // Then it is served, and only its connection reached the TLS callback
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_seen);
    }

    [Fact]
    public async Task A_ClientHello_that_arrives_in_two_pieces_is_read_whole_and_the_handshake_completes()
    {
        // Given a client whose ClientHello reaches the server in two TCP segments, a moment apart
        // (a post-quantum ClientHello is larger than one segment on many links)
        using var tcp = await ConnectAsync();
        await using var split = new SplitFirstWrite(tcp);
        await using var tls = new SslStream(split);

        // When it completes the handshake asking for acme-tls/1
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = Host,
            ApplicationProtocols = [AcmeTls1],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _challenge.Thumbprint,
        });

        // Then the peek saw the whole hello, and the challenge answer was given
        Assert.True(split.Split, "the ClientHello was not sent in two pieces");
        Assert.Equal(AcmeTls1, tls.NegotiatedApplicationProtocol);
        Assert.Equal(["acme-tls/1"], Assert.Single(_seen)!.ApplicationProtocols);
    }

    /// <summary>Sends the first write (the ClientHello) in two halves with a pause between them; everything else as is.</summary>
    private sealed class SplitFirstWrite(NetworkStream inner) : Stream
    {
        public bool Split { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Split || buffer.Length < 2)
            {
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            Split = true;
            await inner.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
            await inner.FlushAsync(cancellationToken);
            await Task.Delay(200, cancellationToken);
            await inner.WriteAsync(buffer[(buffer.Length / 2)..], cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>An HttpClient that reaches the server for any host name, trusts exactly the site certificate and speaks only <paramref name="version"/>.</summary>
    private HttpClient Client(Version version)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _site.Thumbprint },
        };
        return new HttpClient(handler) { DefaultRequestVersion = version, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact, Timeout = TimeSpan.FromSeconds(10) };
    }

    private async Task<NetworkStream> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _port);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset rather than closed: turned away all the same.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
