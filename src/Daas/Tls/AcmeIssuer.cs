using System.Security.Cryptography;
using Daas.Tls.Acme;

namespace Daas.Tls;

/// <summary>
/// Issues through an ACME CA: one account per directory (its key kept in the
/// <see cref="CertificateStore"/>, registered on first use and reused), a fresh P-256 key per
/// certificate, the challenge type of ACME_CHALLENGE answered by the <see cref="ChallengeResponder"/>.
/// </summary>
internal sealed partial class AcmeIssuer(AcmeClient client, Uri directory, CertificateStore store, ChallengeResponder responder, DaasOptions options, ILogger<AcmeIssuer> logger) : ICertificateIssuer, IDisposable
{
    private readonly SemaphoreSlim _account = new(1, 1);
    private bool _registered;

    public CertificateSource Source => CertificateSource.Acme;

    public string Name => directory.ToString();

    public async Task<IssuedCertificate> IssueAsync(string host, StoredCertificate? current, CancellationToken cancellationToken)
    {
        await EnsureAccountAsync(cancellationToken);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var replaces = current is { Source: CertificateSource.Acme } && current.IssuedBy == Name ? ReplacedId(current) : null;
        var issued = await client.OrderCertificateAsync(host, key, options.AcmeChallenge, responder, replaces, cancellationToken);
        return new IssuedCertificate(issued.ChainPem, key.ExportPkcs8PrivateKeyPem());
    }

    public async Task<RenewalAdvice?> AdviseRenewalAsync(StoredCertificate current, CancellationToken cancellationToken)
    {
        if (current.Source != CertificateSource.Acme)
        {
            return null;
        }

        var info = await client.GetRenewalInfoAsync(current.Leaf, cancellationToken);
        return info is null ? null : new RenewalAdvice(info.WindowStart, info.WindowEnd, info.RetryAfter);
    }

    public void Dispose() => _account.Dispose();

    /// <summary>The ARI id of the certificate a renewal replaces; null when it has none (no Authority Key Identifier), so the order goes without.</summary>
    private static string? ReplacedId(StoredCertificate current)
    {
        try
        {
            return AcmeRenewalInfo.CertificateId(current.Leaf);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    private async Task EnsureAccountAsync(CancellationToken cancellationToken)
    {
        await _account.WaitAsync(cancellationToken);
        try
        {
            if (_registered)
            {
                return;
            }

            // The same key again answers with the existing account, so this creates one only the first time.
            var account = await client.EnsureAccountAsync(options.AcmeEmail, cancellationToken);
            if (store.LoadAccountUrl(directory) != account.ToString())
            {
                await store.SaveAccountUrlAsync(directory, account.ToString(), cancellationToken);
                Log.Registered(logger, directory.ToString(), account.ToString());
            }

            _registered = true;
        }
        finally
        {
            _account.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "ACME account at {Directory} is {Account}")]
        public static partial void Registered(ILogger logger, string directory, string account);
    }
}
