using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Daas.IO;

namespace Daas.Tls;

/// <summary>
/// The only code that knows where TLS material lives on disk. Host names pass
/// <see cref="TlsHostName"/> before any path is built from them. Every write goes through
/// <see cref="AtomicFile"/> (files 0600, directories 0700), so a crash leaves the old file or the
/// new one. Reads never throw for a missing or damaged file: they return null, and the caller
/// decides what to log and whether to obtain the certificate again.
/// <code>
/// &lt;dataDir&gt;/tls/
///   certificates/&lt;host&gt;.pem               "source: acme &lt;directory&gt;" or "source: local-ca", then the chain (leaf
///                                          first), then the private key: one file, so a crash can never
///                                          pair a new chain with an old key
///   acme/account-key.pem                   the ACME account key (P-256, PKCS#8), used with every directory
///   acme/accounts/&lt;sha256(directory)&gt;.url   the directory's URL, then the account URL it gave that key
///   local-ca/ca.pem, ca-key.pem            the local CA's root and key (LocalCa.LocalCertificateAuthority)
/// </code>
/// </summary>
internal sealed class CertificateStore(string dataDir) : IDisposable
{
    private const string SourcePrefix = "source: ";

    /// <summary>Two first-time callers must not each create (and one of them lose) an account key.</summary>
    private readonly SemaphoreSlim _accountKeyGate = new(1, 1);

    /// <summary>&lt;dataDir&gt;/tls, the root of everything this store writes.</summary>
    public string Directory { get; } = Path.Combine(dataDir, "tls");

    /// <summary>The directory to pass to <see cref="LocalCa.LocalCertificateAuthority.LoadOrCreateAsync"/>.</summary>
    public string LocalCaDirectory => Path.Combine(Directory, "local-ca");

    private string Certificates => Path.Combine(Directory, "certificates");

    private string AccountKeyPath => Path.Combine(Directory, "acme", "account-key.pem");

    private string Accounts => Path.Combine(Directory, "acme", "accounts");

    /// <summary>
    /// Stores the certificate for <paramref name="host"/>, replacing any before it. Throws
    /// <see cref="ArgumentException"/> for a bad host name, or when the chain (PEM, leaf first) and
    /// the key (PEM) do not make a certificate with its key: what is saved can always be loaded.
    /// </summary>
    public async Task SaveAsync(string host, string chainPem, string keyPem, CertificateSource source, string? issuedBy, CancellationToken cancellationToken)
    {
        if (issuedBy is not null && (issuedBy.Length == 0 || issuedBy.Any(char.IsControl)))
        {
            throw new ArgumentException($"'{issuedBy}' cannot name an issuer on the source line", nameof(issuedBy));
        }

        var path = CertificatePath(host);
        var text = $"{SourcePrefix}{SourceName(source)}{(issuedBy is null ? "" : " " + issuedBy)}\n{chainPem.Trim()}\n{keyPem.Trim()}\n";
        var parsed = Parse(host, text) ?? throw new ArgumentException($"The chain and key given for '{host}' are not a certificate and its private key", nameof(chainPem));
        Dispose(parsed);
        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>The stored certificate for <paramref name="host"/>; null when there is none or its file is damaged.</summary>
    public StoredCertificate? Load(string host)
    {
        var text = ReadText(CertificatePath(host));
        return text is null ? null : Parse(host, text);
    }

    /// <summary>Every host with a certificate file, in ordinal order.</summary>
    public IReadOnlyList<string> ListHosts() =>
        System.IO.Directory.Exists(Certificates)
            ? System.IO.Directory.EnumerateFiles(Certificates, "*.pem")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(DaasOptions.IsValidDomain)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// The ACME account key, created (P-256) the first time and read back ever after. A missing or
    /// damaged key file gives a new key, and with it the stored account URLs are forgotten: they
    /// belong to the old key. The caller owns the returned key.
    /// </summary>
    public async Task<ECDsa> LoadOrCreateAccountKeyAsync(CancellationToken cancellationToken)
    {
        await _accountKeyGate.WaitAsync(cancellationToken);
        try
        {
            var existing = ReadAccountKey();
            if (existing is not null)
            {
                return existing;
            }

            foreach (var stale in System.IO.Directory.Exists(Accounts) ? System.IO.Directory.GetFiles(Accounts) : [])
            {
                AtomicFile.DeleteFile(stale);
            }

            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                await AtomicFile.WriteAllBytesAsync(AccountKeyPath, Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), cancellationToken);
                return key;
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }
        finally
        {
            _accountKeyGate.Release();
        }
    }

    /// <summary>The account URL stored for <paramref name="directory"/>; null when there is none or its file is damaged.</summary>
    public string? LoadAccountUrl(Uri directory)
    {
        var lines = ReadText(AccountUrlPath(directory))?.Split('\n');
        return lines is { Length: >= 2 } && lines[0] == directory.AbsoluteUri && IsAbsoluteUrl(lines[1]) ? lines[1] : null;
    }

    /// <summary>Remembers the account URL that <paramref name="directory"/> gave the account key.</summary>
    public async Task SaveAccountUrlAsync(Uri directory, string accountUrl, CancellationToken cancellationToken)
    {
        if (!IsAbsoluteUrl(accountUrl))
        {
            throw new ArgumentException($"'{accountUrl}' is not an absolute URL", nameof(accountUrl));
        }

        await AtomicFile.WriteAllBytesAsync(AccountUrlPath(directory), Encoding.UTF8.GetBytes($"{directory.AbsoluteUri}\n{accountUrl}\n"), cancellationToken);
    }

    public void Dispose() => _accountKeyGate.Dispose();

    private string CertificatePath(string host) => Path.Combine(Certificates, TlsHostName.Require(host) + ".pem");

    private string AccountUrlPath(Uri directory) =>
        Path.Combine(Accounts, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory.AbsoluteUri))) + ".url");

    private ECDsa? ReadAccountKey()
    {
        var text = ReadText(AccountKeyPath);
        if (text is null)
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
            if (key.KeySize == 256)
            {
                return key;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Damaged: the caller makes a new key.
        }

        key.Dispose();
        return null;
    }

    /// <summary>
    /// Reads a certificate file. The leaf comes from <see cref="X509Certificate2.CreateFromPem(ReadOnlySpan{char}, ReadOnlySpan{char})"/>,
    /// which attaches the first private key that matches it; SslStream on Linux serves such a
    /// certificate as it is (CertificateStoreTests proves it with a real handshake).
    /// </summary>
    private static StoredCertificate? Parse(string host, string text)
    {
        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        var sourceLine = firstLine < 0 ? "" : text[..firstLine];
        var space = sourceLine.Length > SourcePrefix.Length ? sourceLine.IndexOf(' ', SourcePrefix.Length) : -1;
        var issuedBy = space < 0 ? null : sourceLine[(space + 1)..];
        if (firstLine < 0 || ParseSource(space < 0 ? sourceLine : sourceLine[..space]) is not { } source)
        {
            return null;
        }

        var pem = text.AsSpan(firstLine + 1);
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(pem);
            if (chain.Count == 0)
            {
                return null;
            }

            var leaf = X509Certificate2.CreateFromPem(pem, pem);
            var chainPem = string.Concat(chain.Select(certificate => certificate.ExportCertificatePem() + "\n"));
            chain[0].Dispose();
            chain.RemoveAt(0);
            return new StoredCertificate(host, leaf, chain, chainPem, source) { IssuedBy = issuedBy };
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            return null;
        }
    }

    private static string SourceName(CertificateSource source) => source switch
    {
        CertificateSource.Acme => "acme",
        CertificateSource.LocalCa => "local-ca",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    private static CertificateSource? ParseSource(string line) => line switch
    {
        SourcePrefix + "acme" => CertificateSource.Acme,
        SourcePrefix + "local-ca" => CertificateSource.LocalCa,
        _ => null,
    };

    private static bool IsAbsoluteUrl(string url) =>
        !url.Contains('\n', StringComparison.Ordinal) && !url.Contains('\r', StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out _);

    private static void Dispose(StoredCertificate certificate)
    {
        certificate.Leaf.Dispose();
        foreach (var intermediate in certificate.Intermediates)
        {
            intermediate.Dispose();
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
