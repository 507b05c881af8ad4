using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Daas.Tls.Acme;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Daas.Tls;

/// <summary>
/// Picks the certificate of each TLS handshake by its SNI name, from memory only: a handshake never
/// waits on ACME, disk or a lock. A managed name without a certificate yet gets a self-signed one
/// (made once per name, logged once); any other name gets DOMAIN_NAME's. A connection asking for
/// ALPN acme-tls/1 gets the TLS-ALPN-01 challenge certificate of its name while one is presented.
/// </summary>
internal sealed partial class CertificateSelector(DaasOptions options, ILogger<CertificateSelector> logger)
{
    private static readonly List<SslApplicationProtocol> WebProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> ChallengeProtocols = [new(TlsAlpnChallenge.Protocol)];

    private readonly ConcurrentDictionary<string, Served> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SslServerAuthenticationOptions> _challenges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SslServerAuthenticationOptions> _fallbacks = new(StringComparer.Ordinal);
    private volatile IReadOnlySet<string> _managed = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The names the certificate manager looks after; only these get a self-signed fallback of their own.</summary>
    public void SetManaged(IReadOnlySet<string> hosts) => _managed = hosts;

    /// <summary>
    /// Serves <paramref name="certificate"/> for its host from the next handshake on;
    /// <paramref name="isPublic"/> when it comes from the public CA DaaS uses (redirects and HSTS then apply).
    /// </summary>
    public void Publish(StoredCertificate certificate, bool isPublic)
    {
        var context = SslStreamCertificateContext.Create(certificate.Leaf, certificate.Intermediates, offline: true);
        _certificates[certificate.Host] = new Served(isPublic, WebOptions(context));
        _fallbacks.TryRemove(certificate.Host, out _);
    }

    /// <summary>Stops serving <paramref name="host"/>'s certificate (its app was deleted); it gets DOMAIN_NAME's from then on.</summary>
    public void Remove(string host)
    {
        _certificates.TryRemove(host, out _);
        _fallbacks.TryRemove(host, out _);
    }

    /// <summary>True once <paramref name="host"/> has a certificate from the ACME CA in use: only then does plain HTTP redirect and HTTPS send HSTS.</summary>
    public bool HasPublicCertificate(ReadOnlySpan<char> host) => _certificates.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host, out var served) && served.IsPublic;

    public void PresentChallenge(string host, X509Certificate2 certificate) =>
        _challenges[host] = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, null, offline: true),
            ApplicationProtocols = ChallengeProtocols,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };

    public void RemoveChallenge(string host) => _challenges.TryRemove(host, out _);

    /// <summary>Kestrel's per-connection callback (<see cref="TlsHandshakeCallbackOptions.OnConnection"/>).</summary>
    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context)
    {
        var name = Normalize(context.ClientHelloInfo.ServerName);
        var hello = context.Connection.Features.Get<ClientHelloFeature>()?.Hello;
        if (hello is not null && hello.ApplicationProtocols.Contains(TlsAlpnChallenge.Protocol) && _challenges.TryGetValue(name, out var challenge))
        {
            return ValueTask.FromResult(challenge);
        }

        return ValueTask.FromResult(Select(name));
    }

    /// <summary>The options for a handshake naming <paramref name="name"/> (no SNI or an address means DOMAIN_NAME).</summary>
    public SslServerAuthenticationOptions Select(string name)
    {
        if (_certificates.TryGetValue(name, out var served))
        {
            return served.Options;
        }

        if (!_managed.Contains(name))
        {
            return _certificates.TryGetValue(options.DomainName, out var daas) ? daas.Options : Fallback(options.DomainName);
        }

        return Fallback(name);
    }

    private SslServerAuthenticationOptions Fallback(string host)
    {
        var fallback = _fallbacks.GetOrAdd(host, name =>
        {
            Log.Fallback(logger, name);
            return WebOptions(SslStreamCertificateContext.Create(FallbackCertificate.Create(name), null, offline: true));
        });

        // A fallback lives a week; a name whose issuance fails for that long gets a fresh one.
        if (fallback.ServerCertificateContext!.TargetCertificate.NotAfter < DateTime.Now.AddDays(1))
        {
            _fallbacks.TryRemove(host, out _);
            return Fallback(host);
        }

        return fallback;
    }

    private string Normalize(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName) || IPAddress.TryParse(serverName, out _))
        {
            return options.DomainName;
        }

        return serverName.TrimEnd('.').ToLowerInvariant();
    }

    private static SslServerAuthenticationOptions WebOptions(SslStreamCertificateContext context) => new()
    {
        ServerCertificateContext = context,
        ApplicationProtocols = WebProtocols,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    private sealed record Served(bool IsPublic, SslServerAuthenticationOptions Options);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Host} has no certificate yet; its TLS handshakes get a self-signed one until it is issued")]
        public static partial void Fallback(ILogger logger, string host);
    }
}
