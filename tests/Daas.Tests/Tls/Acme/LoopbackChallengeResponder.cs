using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Daas.Tls.Acme;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Daas.Tests.Tls.Acme;

/// <summary>
/// Serves challenge answers where Pebble's validator looks for them: HTTP-01 from a Kestrel app
/// on 127.0.0.1:<see cref="HttpPort"/>, TLS-ALPN-01 from a TcpListener + SslStream on
/// 127.0.0.1:<see cref="TlsPort"/> that offers only acme-tls/1 and picks the challenge
/// certificate by SNI. Both ports are taken at start, so nothing can race for them.
/// </summary>
internal sealed class LoopbackChallengeResponder : IAcmeChallengeResponder, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _tls = new(IPAddress.Loopback, 0);
    private WebApplication? _http;
    private Task? _acceptLoop;
    private int _presented;

    public int HttpPort { get; private set; }

    public int TlsPort => ((IPEndPoint)_tls.LocalEndpoint).Port;

    /// <summary>How many answers were presented: fewer than authorizations when Pebble reused some.</summary>
    public int Presented => _presented;

    public static async Task<LoopbackChallengeResponder> StartAsync()
    {
        var responder = new LoopbackChallengeResponder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/.well-known/acme-challenge/{token}", (string token) =>
            responder._tokens.TryGetValue(token, out var keyAuthorization) ? Results.Text(keyAuthorization) : Results.NotFound());
        await app.StartAsync();
        responder._http = app;
        responder.HttpPort = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;

        responder._tls.Start();
        responder._acceptLoop = responder.AcceptAsync();
        return responder;
    }

    public Task PresentAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _presented);
        if (answer.Type == AcmeChallengeType.Http01)
        {
            _tokens[answer.Token] = answer.KeyAuthorization;
        }
        else
        {
            _certificates[answer.Host] = TlsAlpnChallenge.CreateCertificate(answer.Host, answer.KeyAuthorization);
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
    {
        _tokens.TryRemove(answer.Token, out _);
        if (_certificates.TryRemove(answer.Host, out var certificate))
        {
            certificate.Dispose();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tls.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        if (_http is not null)
        {
            await _http.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tls.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandshakeAsync(client);
        }
    }

    /// <summary>One validation: the handshake is all Pebble needs; it hangs up afterwards.</summary>
    private async Task HandshakeAsync(TcpClient client)
    {
        using (client)
        {
            await using var tls = new SslStream(client.GetStream());
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ApplicationProtocols = [new SslApplicationProtocol(TlsAlpnChallenge.Protocol)],
                    ServerCertificateSelectionCallback = (_, host) => host is not null && _certificates.TryGetValue(host, out var certificate) ? certificate : null!,
                }, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // A name with no answer, or the validator hung up: nothing to serve.
            }
        }
    }
}
