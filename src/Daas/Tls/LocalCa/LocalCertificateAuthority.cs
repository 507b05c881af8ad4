using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Daas.IO;

namespace Daas.Tls.LocalCa;

/// <summary>
/// DaaS's own certificate authority for DOMAIN_NAME=localhost, where no ACME CA can reach us: a
/// P-256 root ("CN=DaaS local CA", CA:true pathlen 0, keyCertSign and cRLSign, 10 years) made
/// once and kept in <c>ca.pem</c> and <c>ca-key.pem</c> (0600), so the root a user has trusted
/// stays the same across restarts. It issues 90-day leaves for one host name each.
/// </summary>
internal sealed class LocalCertificateAuthority : IDisposable
{
    private const string RootSubject = "CN=DaaS local CA";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(90);

    private readonly X509Certificate2 _root;
    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    /// <summary>Signing with one key from several threads at once is not documented as safe.</summary>
    private readonly Lock _signing = new();

    private LocalCertificateAuthority(X509Certificate2 root, ECDsa key, TimeProvider time)
    {
        _root = root;
        _key = key;
        _time = time;
        RootPem = root.ExportCertificatePem() + "\n";
    }

    /// <summary>The root certificate as PEM: what a user adds to their trust store.</summary>
    public string RootPem { get; }

    /// <summary>
    /// Loads the CA kept in <paramref name="directory"/>, or creates it there when there is none.
    /// The key is written before the certificate, so a crash between the two leaves no ca.pem and
    /// the next start creates the CA afresh. A ca.pem without its key, a file that does not parse,
    /// or a key that is not the root's throws <see cref="InvalidDataException"/>: replacing a root
    /// the user trusts must not happen behind their back.
    /// </summary>
    public static async Task<LocalCertificateAuthority> LoadOrCreateAsync(string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var certificatePath = Path.Combine(directory, "ca.pem");
        var keyPath = Path.Combine(directory, "ca-key.pem");
        if (File.Exists(certificatePath))
        {
            return Load(certificatePath, keyPath, time);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2? root = null;
        try
        {
            var request = new CertificateRequest(RootSubject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = time.GetUtcNow();
            root = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now - ClockSkew, now.AddYears(10), ServerCertificateRequest.RandomSerial());
            await AtomicFile.WriteAllBytesAsync(keyPath, Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), cancellationToken);
            await AtomicFile.WriteAllBytesAsync(certificatePath, Encoding.UTF8.GetBytes(root.ExportCertificatePem() + "\n"), cancellationToken);
            return new LocalCertificateAuthority(root, key, time);
        }
        catch
        {
            key.Dispose();
            root?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Issues a leaf for exactly <paramref name="host"/> (see <see cref="ServerCertificateRequest"/>),
    /// valid from a minute before now for 90 days (never past the root), with a random serial and
    /// an authority key identifier naming the root. ChainPem is the leaf then the root.
    /// </summary>
    public (string ChainPem, string KeyPem) Issue(string host)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerCertificateRequest.Create(host, leafKey);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = _time.GetUtcNow();
        var notAfter = now + LeafLifetime;
        var rootNotAfter = new DateTimeOffset(_root.NotAfter);
        if (notAfter > rootNotAfter)
        {
            notAfter = rootNotAfter;
        }

        X509Certificate2 leaf;
        lock (_signing)
        {
            leaf = request.Create(_root.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now - ClockSkew, notAfter, ServerCertificateRequest.RandomSerial());
        }

        using (leaf)
        {
            return (leaf.ExportCertificatePem() + "\n" + RootPem, leafKey.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }

    public void Dispose()
    {
        _root.Dispose();
        _key.Dispose();
    }

    private static LocalCertificateAuthority Load(string certificatePath, string keyPath, TimeProvider time)
    {
        if (!File.Exists(keyPath))
        {
            throw new InvalidDataException($"{certificatePath} has no {Path.GetFileName(keyPath)} beside it; delete both to create a new local CA");
        }

        var key = ECDsa.Create();
        X509Certificate2? root = null;
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            root = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            using var publicKey = root.GetECDsaPublicKey();
            if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new CryptographicException("the key does not match the certificate");
            }

            return new LocalCertificateAuthority(root, key, time);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            root?.Dispose();
            throw new InvalidDataException($"The local CA in {Path.GetDirectoryName(certificatePath)} is damaged ({e.Message}); delete the directory to create a new one", e);
        }
    }
}
