using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Tests.TestSupport;
using Daas.Tls.LocalCa;

namespace Daas.Tests.Tls.LocalCa;

public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();
    private readonly ManualTime _time = new(Start);

    private string CaDirectory => Path.Combine(_dir.Path, "tls", "local-ca");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_new_authority_is_a_P256_root_for_ten_years_that_may_sign_leaves_only_and_keeps_its_files_private()
    {
        // Given no CA yet
        // When one is loaded or created
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);

        // Then its root is self-signed, a CA with path length 0 that signs certificates and CRLs only
        using var root = X509Certificate2.CreateFromPem(ca.RootPem);
        Assert.Equal("CN=DaaS local CA", root.Subject);
        Assert.Equal(root.Subject, root.Issuer);
        var constraints = Assert.Single(root.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 0, Critical: true });
        var usage = Assert.Single(root.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Single(root.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, root.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(Start.AddYears(10), new DateTimeOffset(root.NotAfter));

        // And its files are 0600 in a 0700 directory
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(CaDirectory, "ca.pem")));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(Path.Combine(CaDirectory, "ca-key.pem")));
        Assert.Equal(PrivateFile | UnixFileMode.UserExecute, File.GetUnixFileMode(CaDirectory));
    }

    [Fact]
    public async Task After_a_restart_the_authority_has_the_same_root_and_its_new_leaves_chain_to_it()
    {
        // Given a CA that has been created, then dropped as at shutdown
        string firstRoot;
        using (var first = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None))
        {
            firstRoot = first.RootPem;
        }

        // When it is loaded again from the same directory and issues a leaf
        _time.Advance(TimeSpan.FromDays(3));
        using var second = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);
        var (chainPem, _) = second.Issue("app.localhost");

        // Then the root is the one a user may already trust, and the leaf chains to it
        Assert.Equal(firstRoot, second.RootPem);
        using var root = X509Certificate2.CreateFromPem(firstRoot);
        using var leaf = X509Certificate2.CreateFromPem(chainPem);
        Assert.Equal(X509ChainStatusFlags.NoError, ChainStatus(leaf, root, _time.Now.AddHours(1)));
    }

    [Fact]
    public async Task An_issued_leaf_chains_to_the_root_and_names_exactly_its_host_for_90_days()
    {
        // Given a CA
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);

        // When it issues a leaf for one host
        var (chainPem, keyPem) = ca.Issue("app.localhost");

        // Then the chain is the leaf, then the root, and the key belongs to the leaf
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(chainPem);
        Assert.Equal(2, chain.Count);
        Assert.Equal(ca.RootPem, chain[1].ExportCertificatePem() + "\n");
        using var leaf = X509Certificate2.CreateFromPem(chainPem, keyPem);
        Assert.True(leaf.HasPrivateKey);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, leaf.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value);

        // And it chains to the root, serves the host and no other, for 90 days from a minute ago
        Assert.Equal(X509ChainStatusFlags.NoError, ChainStatus(leaf, chain[1], Start.AddDays(1)));
        Assert.Equal(["app.localhost"], leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(leaf.MatchesHostname("app.localhost"));
        Assert.False(leaf.MatchesHostname("other.localhost"));
        Assert.Equal(Start.AddMinutes(-1), new DateTimeOffset(leaf.NotBefore));
        Assert.Equal(Start.AddDays(90), new DateTimeOffset(leaf.NotAfter));

        // And it is a server certificate signed by the root's key, not a CA
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKey = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier;
        Assert.Equal(chain[1].Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier, Convert.ToHexString(authorityKey!.Value.Span));
        Assert.Single(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
    }

    [Fact]
    public async Task Two_leaves_for_the_same_host_have_different_random_serials()
    {
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);

        using var first = X509Certificate2.CreateFromPem(ca.Issue("app.localhost").ChainPem);
        using var second = X509Certificate2.CreateFromPem(ca.Issue("app.localhost").ChainPem);

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Equal(16, first.SerialNumberBytes.Length);
    }

    [Fact]
    public async Task A_leaf_issued_in_the_roots_last_days_never_outlives_the_root()
    {
        // Given a CA whose root has ten days left
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);
        _time.Now = Start.AddYears(10).AddDays(-10);

        // When it issues a leaf
        using var leaf = X509Certificate2.CreateFromPem(ca.Issue("app.localhost").ChainPem);

        // Then the leaf ends with the root
        Assert.Equal(Start.AddYears(10), new DateTimeOffset(leaf.NotAfter));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("App.localhost")]
    [InlineData("*.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public async Task A_name_that_is_not_lower_case_DNS_labels_gets_no_leaf(string host)
    {
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);

        Assert.Throws<ArgumentException>(() => ca.Issue(host));
    }

    [Theory]
    [InlineData("ca.pem")]
    [InlineData("ca-key.pem")]
    public async Task A_damaged_root_or_key_is_refused_rather_than_replaced_behind_the_users_back(string damaged)
    {
        // Given a CA whose certificate or key file has been overwritten
        (await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None)).Dispose();
        File.WriteAllText(Path.Combine(CaDirectory, damaged), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var files = CaFiles();

        // When it is loaded, then loading fails and neither file is replaced
        await Assert.ThrowsAsync<InvalidDataException>(() => LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None));
        Assert.Equal(files, CaFiles());
    }

    [Fact]
    public async Task A_root_whose_key_belongs_to_another_root_is_refused()
    {
        // Given two CAs, and the first one's key replaced by the second one's
        var other = Path.Combine(_dir.Path, "other");
        (await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None)).Dispose();
        (await LocalCertificateAuthority.LoadOrCreateAsync(other, _time, CancellationToken.None)).Dispose();
        File.Copy(Path.Combine(other, "ca-key.pem"), Path.Combine(CaDirectory, "ca-key.pem"), overwrite: true);

        // When the first is loaded, then it is refused
        await Assert.ThrowsAsync<InvalidDataException>(() => LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None));
    }

    [Fact]
    public async Task A_root_without_its_key_file_is_refused()
    {
        (await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None)).Dispose();
        File.Delete(Path.Combine(CaDirectory, "ca-key.pem"));

        await Assert.ThrowsAsync<InvalidDataException>(() => LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None));
    }

    [Fact]
    public async Task A_key_left_without_its_root_by_a_crash_is_replaced_by_a_new_authority()
    {
        // Given a key file but no ca.pem, as a crash between the two writes leaves them
        (await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None)).Dispose();
        var oldKey = File.ReadAllText(Path.Combine(CaDirectory, "ca-key.pem"));
        File.Delete(Path.Combine(CaDirectory, "ca.pem"));

        // When the CA is loaded
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(CaDirectory, _time, CancellationToken.None);

        // Then it is a new one, with a new key, and it issues leaves that chain to its root
        Assert.NotEqual(oldKey, File.ReadAllText(Path.Combine(CaDirectory, "ca-key.pem")));
        using var root = X509Certificate2.CreateFromPem(ca.RootPem);
        using var leaf = X509Certificate2.CreateFromPem(ca.Issue("app.localhost").ChainPem);
        Assert.Equal(X509ChainStatusFlags.NoError, ChainStatus(leaf, root, Start.AddDays(1)));
    }

    private string[] CaFiles() => [File.ReadAllText(Path.Combine(CaDirectory, "ca.pem")), File.ReadAllText(Path.Combine(CaDirectory, "ca-key.pem"))];

    /// <summary>Builds the chain offline: the given root is the only trust, nothing is fetched, nothing checked for revocation.</summary>
    private static X509ChainStatusFlags ChainStatus(X509Certificate2 leaf, X509Certificate2 root, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.Build(leaf);
        return chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (flags, status) => flags | status.Status);
    }
}
