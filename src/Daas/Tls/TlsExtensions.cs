using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Metrics;
using Daas.Tls.Acme;
using Daas.Tls.LocalCa;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Daas.Tls;

/// <summary>
/// Composes HTTPS: the HTTPS_PORT listener (TLS 1.2/1.3, HTTP/1.1 and HTTP/2 by ALPN, certificate
/// by SNI from <see cref="CertificateSelector"/>), the issuer (ACME, or the local CA in local mode)
/// and the <see cref="CertificateManager"/>; in the pipeline, ACME's challenge path first, then redirects.
/// </summary>
internal static class TlsExtensions
{
    public static async Task AddTlsAsync(this WebApplicationBuilder builder, DaasOptions options, CancellationToken cancellationToken)
    {
        var store = new CertificateStore(options.DataDir);
        // Through factories, so that the container disposes what it hands out.
        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton<CertificateSelector>();
        builder.Services.AddSingleton<ChallengeResponder>();
        if (options.AcmeDirectory is not { } directory)
        {
            LocalCertificateAuthority authority;
            try
            {
                authority = await LocalCertificateAuthority.LoadOrCreateAsync(store.LocalCaDirectory, TimeProvider.System, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new StartupException($"the local CA in {store.LocalCaDirectory} is damaged ({e.Message}); move it away to make a new one, which clients must then trust anew", e);
            }

            builder.Services.AddSingleton(_ => authority);
            builder.Services.AddSingleton<ICertificateIssuer, LocalCaIssuer>();
        }
        else
        {
            var roots = ReadCaBundle(options.AcmeCaBundle);
            var accountKey = await store.LoadOrCreateAccountKeyAsync(cancellationToken);
            builder.Services.AddSingleton(sp => new AcmeClient(
                new HttpClient(AcmeHttpHandler.Create(roots)) { Timeout = TimeSpan.FromSeconds(30) },
                directory, accountKey, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AcmeClient>>()));
            builder.Services.AddSingleton<ICertificateIssuer>(sp => new AcmeIssuer(
                sp.GetRequiredService<AcmeClient>(), directory, store, sp.GetRequiredService<ChallengeResponder>(), options, sp.GetRequiredService<ILogger<AcmeIssuer>>()));
        }

        builder.Services.AddSingleton<CertificateManager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CertificateManager>());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(options.HttpsPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            // First: every connection counts, a failed handshake's too.
            kestrel.ApplicationServices.GetRequiredService<ClientConnections>().Https.Count(listen);
            // Before TLS: the ClientHello's ALPN list tells a TLS-ALPN-01 validation from a visitor.
            listen.UseClientHelloPeek();
            var selector = kestrel.ApplicationServices.GetRequiredService<CertificateSelector>();
            listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = selector.SelectAsync, HandshakeTimeout = TimeSpan.FromSeconds(10) });
        }));
    }

    /// <summary>First in the pipeline: ACME's HTTP-01 answers, then HTTP → HTTPS redirects and HSTS.</summary>
    public static IApplicationBuilder UseTls(this IApplicationBuilder app) => app.UseAcmeChallenges().UseHttpsRedirects();

    /// <summary>ACME_CA_BUNDLE's roots; a missing or unreadable file stops start-up with one line.</summary>
    private static X509Certificate2Collection ReadCaBundle(string? path)
    {
        var roots = new X509Certificate2Collection();
        if (path is null)
        {
            return roots;
        }

        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new StartupException($"ACME_CA_BUNDLE {path} is not a readable PEM file of certificates: {e.Message}", e);
        }

        return roots.Count > 0 ? roots : throw new StartupException($"ACME_CA_BUNDLE {path} holds no certificate");
    }
}
