using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Daas.Tests.TestSupport;
using Daas.Tls;
using Daas.Tls.LocalCa;

namespace Daas.Tests.Tls;

public sealed class CertificateStoreTests : IDisposable
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;
    private const string Host = "app.example.com";
    private static readonly Uri Production = new("https://acme-v02.api.letsencrypt.org/directory");
    private static readonly Uri Staging = new("https://acme-staging-v02.api.letsencrypt.org/directory");

    private readonly TempDirectory _dir = new();
    private readonly CertificateStore _store;

    public CertificateStoreTests() => _store = new CertificateStore(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_store_keeps_everything_under_tls_in_the_data_dir()
    {
        Assert.Equal(Path.Combine(_dir.Path, "tls"), _store.Directory);
        Assert.Equal(Path.Combine(_dir.Path, "tls", "local-ca"), _store.LocalCaDirectory);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("DaaS local CA")]
    [InlineData("https://acme-v02.api.letsencrypt.org/directory")]
    public async Task The_issuer_a_certificate_was_saved_with_loads_back(string? issuedBy)
    {
        var (chainPem, keyPem) = await IssueAsync(Host);
        await _store.SaveAsync(Host, chainPem, keyPem, CertificateSource.Acme, issuedBy, CancellationToken.None);

        var stored = _store.Load(Host);

        Assert.Equal(CertificateSource.Acme, stored!.Source);
        Assert.Equal(issuedBy, stored.IssuedBy);
    }

    [Fact]
    public async Task A_saved_certificate_loads_back_with_its_key_its_chain_and_its_source()
    {
        // Given a certificate issued for a host, saved
        var (chainPem, keyPem) = await IssueAsync(Host);
        await _store.SaveAsync(Host, chainPem, keyPem, CertificateSource.LocalCa, null, CancellationToken.None);

        // When it is loaded by a store that starts afresh
        using var restarted = new CertificateStore(_dir.Path);
        var stored = restarted.Load(Host);

        // Then it is the same leaf with its key, the same chain behind it, and who issued it
        Assert.NotNull(stored);
        using var issued = X509Certificate2.CreateFromPem(chainPem);
        Assert.Equal(Host, stored.Host);
        Assert.Equal(issued.Thumbprint, stored.Leaf.Thumbprint);
        Assert.True(stored.Leaf.HasPrivateKey);
        Assert.Equal(chainPem, stored.ChainPem);
        Assert.EndsWith(Assert.Single(stored.Intermediates).ExportCertificatePem() + "\n", chainPem, StringComparison.Ordinal);
        Assert.Equal(CertificateSource.LocalCa, stored.Source);
    }

    [Fact]
    public async Task A_loaded_leaf_serves_a_real_TLS_handshake_with_its_intermediate()
    {
        // Given a stored certificate whose chain is, as ACME gives it, the leaf and an intermediate
        var (chainPem, keyPem, intermediate) = ChainWithIntermediate(Host);
        await _store.SaveAsync(Host, chainPem, keyPem, CertificateSource.Acme, null, CancellationToken.None);
        var stored = _store.Load(Host)!;

        // When an SslStream server serves it, as loaded, to a client asking for the host
        var (shown, sent) = await TlsLoopback.HandshakeAsync(stored.Leaf, stored.Intermediates, Host);

        // Then the client sees the leaf, and the intermediate with it
        Assert.Equal(stored.Leaf.Thumbprint, shown.Thumbprint);
        Assert.Equal(intermediate, Assert.Single(stored.Intermediates).Thumbprint);
        Assert.Contains(sent.Cast<X509Certificate2>(), c => c.Thumbprint == intermediate);
    }

    [Fact]
    public async Task A_chain_with_CRLF_line_ends_and_blank_lines_loads_back_as_plain_PEM()
    {
        var (chainPem, keyPem) = await IssueAsync(Host);
        var untidy = "\r\n" + chainPem.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("-----\r\n-----", "-----\r\n\r\n-----", StringComparison.Ordinal);

        await _store.SaveAsync(Host, untidy, keyPem, CertificateSource.Acme, null, CancellationToken.None);

        Assert.Equal(chainPem, _store.Load(Host)!.ChainPem);
    }

    [Fact]
    public async Task A_certificate_saved_again_replaces_the_one_before()
    {
        var first = await IssueAsync(Host);
        var second = await IssueAsync(Host);
        await _store.SaveAsync(Host, first.ChainPem, first.KeyPem, CertificateSource.LocalCa, null, CancellationToken.None);

        await _store.SaveAsync(Host, second.ChainPem, second.KeyPem, CertificateSource.Acme, null, CancellationToken.None);

        var stored = _store.Load(Host)!;
        Assert.Equal(second.ChainPem, stored.ChainPem);
        Assert.Equal(CertificateSource.Acme, stored.Source);
    }

    [Fact]
    public async Task Every_file_the_store_writes_is_0600_and_every_directory_0700()
    {
        // Given a store that has written a certificate, the account key and an account URL
        var (chainPem, keyPem) = await IssueAsync(Host);
        await _store.SaveAsync(Host, chainPem, keyPem, CertificateSource.Acme, null, CancellationToken.None);
        (await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None)).Dispose();
        await _store.SaveAccountUrlAsync(Production, "https://acme-v02.api.letsencrypt.org/acme/acct/1", CancellationToken.None);

        // When its directory is walked
        var files = Directory.GetFiles(_store.Directory, "*", SearchOption.AllDirectories);
        var directories = Directory.GetDirectories(_store.Directory, "*", SearchOption.AllDirectories).Append(_store.Directory);

        // Then every file is private to the owner
        Assert.Equal(3, files.Length);
        Assert.All(files, file => Assert.Equal(PrivateFile, File.GetUnixFileMode(file)));
        Assert.All(directories, directory => Assert.Equal(PrivateDirectory, File.GetUnixFileMode(directory)));
    }

    [Fact]
    public void A_host_without_a_certificate_loads_as_null()
    {
        Assert.Null(_store.Load(Host));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("cut in half")]
    [InlineData("no source line")]
    [InlineData("unknown source")]
    [InlineData("no key")]
    [InlineData("no certificate")]
    [InlineData("another certificate's key")]
    [InlineData("a damaged certificate")]
    public async Task A_damaged_certificate_file_loads_as_null(string damage)
    {
        // Given a certificate file with the damage
        var (chain, key) = await IssueAsync(Host);
        var (_, otherKey) = await IssueAsync(Host);
        var whole = $"source: acme\n{chain}{key}";
        var content = damage switch
        {
            "empty" => "",
            "garbage" => "not a certificate at all",
            "cut in half" => whole[..(whole.Length / 2)],
            "no source line" => chain + key,
            "unknown source" => $"source: somewhere\n{chain}{key}",
            "no key" => $"source: acme\n{chain}",
            "no certificate" => $"source: acme\n{key}",
            "another certificate's key" => $"source: acme\n{chain}{otherKey}",
            _ => $"source: acme\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n{key}",
        };
        var path = Path.Combine(_store.Directory, "certificates", Host + ".pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);

        // When it is loaded, then there is no certificate, and no exception
        Assert.Null(_store.Load(Host));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("App.example.com")]
    [InlineData("app..example.com")]
    [InlineData("*.example.com")]
    [InlineData("10.0.0.1")]
    [InlineData("")]
    public async Task A_host_that_is_not_lower_case_DNS_labels_is_refused_before_any_path_is_built(string host)
    {
        var (chainPem, keyPem) = await IssueAsync(Host);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(host, chainPem, keyPem, CertificateSource.Acme, null, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => _store.Load(host));
        Assert.False(Directory.Exists(_store.Directory));
    }

    [Fact]
    public async Task A_chain_and_key_that_do_not_belong_together_are_refused_and_nothing_is_written()
    {
        var (chainPem, _) = await IssueAsync(Host);
        var (_, otherKey) = await IssueAsync(Host);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(Host, chainPem, otherKey, CertificateSource.Acme, null, CancellationToken.None));
        Assert.False(Directory.Exists(_store.Directory));
    }

    [Fact]
    public async Task ListHosts_names_every_stored_certificate_in_order_and_nothing_else()
    {
        // Given certificates for two hosts, and a stray file beside them
        foreach (var host in new[] { "b.example.com", "a.example.com" })
        {
            var (chainPem, keyPem) = await IssueAsync(host);
            await _store.SaveAsync(host, chainPem, keyPem, CertificateSource.Acme, null, CancellationToken.None);
        }

        File.WriteAllText(Path.Combine(_store.Directory, "certificates", "notes.txt"), "");

        // When the hosts are listed, then they are the two
        Assert.Equal(["a.example.com", "b.example.com"], _store.ListHosts());
    }

    [Fact]
    public void ListHosts_is_empty_before_anything_is_stored()
    {
        Assert.Empty(_store.ListHosts());
    }

    [Fact]
    public async Task The_account_key_is_a_P256_key_created_once_and_the_same_after_a_restart()
    {
        // Given an account key made by a first call
        using var first = await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None);

        // When it is asked for again, and by a store that starts afresh
        using var second = await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None);
        using var restarted = new CertificateStore(_dir.Path);
        using var third = await restarted.LoadOrCreateAccountKeyAsync(CancellationToken.None);

        // Then it is the same P-256 key each time, kept in acme/account-key.pem
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, first.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(first.ExportSubjectPublicKeyInfo(), second.ExportSubjectPublicKeyInfo());
        Assert.Equal(first.ExportSubjectPublicKeyInfo(), third.ExportSubjectPublicKeyInfo());
        Assert.True(File.Exists(Path.Combine(_store.Directory, "acme", "account-key.pem")));
    }

    [Fact]
    public async Task First_callers_that_ask_for_the_account_key_at_once_all_get_the_one_that_is_stored()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _store.LoadOrCreateAccountKeyAsync(CancellationToken.None))));

        using var stored = await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None);
        Assert.All(keys, key => Assert.Equal(stored.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo()));
        foreach (var key in keys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task A_damaged_account_key_is_replaced_by_a_new_one_that_is_kept()
    {
        var path = Path.Combine(_store.Directory, "acme", "account-key.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        using var created = await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None);
        using var again = await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None);

        Assert.Equal(created.ExportSubjectPublicKeyInfo(), again.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Account_urls_are_kept_per_ACME_directory()
    {
        // Given account URLs saved for two directories
        (await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None)).Dispose();
        await _store.SaveAccountUrlAsync(Production, "https://acme-v02.api.letsencrypt.org/acme/acct/1", CancellationToken.None);
        await _store.SaveAccountUrlAsync(Staging, "https://acme-staging-v02.api.letsencrypt.org/acme/acct/2", CancellationToken.None);

        // When they are loaded by a store that starts afresh, then each directory has its own, and a third none
        using var restarted = new CertificateStore(_dir.Path);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/acme/acct/1", restarted.LoadAccountUrl(Production));
        Assert.Equal("https://acme-staging-v02.api.letsencrypt.org/acme/acct/2", restarted.LoadAccountUrl(Staging));
        Assert.Null(restarted.LoadAccountUrl(new Uri("https://localhost:14000/dir")));
    }

    [Fact]
    public async Task A_new_account_key_forgets_the_account_urls_of_the_key_before()
    {
        // Given an account URL saved for a key, and then the key file deleted
        (await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None)).Dispose();
        await _store.SaveAccountUrlAsync(Production, "https://acme-v02.api.letsencrypt.org/acme/acct/1", CancellationToken.None);
        File.Delete(Path.Combine(_store.Directory, "acme", "account-key.pem"));

        // When a new key is made
        (await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None)).Dispose();

        // Then the old account's URL is gone: it would name an account the new key does not own
        Assert.Null(_store.LoadAccountUrl(Production));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("https://acme-staging-v02.api.letsencrypt.org/directory\nhttps://example.com/acct/1\n")]
    public async Task A_damaged_or_foreign_account_url_file_loads_as_null(string content)
    {
        // Given the account URL file of the production directory with other content
        (await _store.LoadOrCreateAccountKeyAsync(CancellationToken.None)).Dispose();
        await _store.SaveAccountUrlAsync(Production, "https://example.com/acct/1", CancellationToken.None);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(_store.Directory, "acme", "accounts")));
        File.WriteAllText(file, content);

        // When it is loaded, then there is none
        Assert.Null(_store.LoadAccountUrl(Production));
    }

    [Theory]
    [InlineData("relative/acct/1")]
    [InlineData("https://example.com/acct/1\nsecond line")]
    public async Task An_account_url_that_is_not_one_absolute_url_is_refused(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAccountUrlAsync(Production, url, CancellationToken.None));
    }

    /// <summary>A certificate for <paramref name="host"/> from a local CA kept outside the store's directory.</summary>
    private async Task<(string ChainPem, string KeyPem)> IssueAsync(string host)
    {
        using var ca = await LocalCertificateAuthority.LoadOrCreateAsync(Path.Combine(_dir.Path, "issuer"), TimeProvider.System, CancellationToken.None);
        return ca.Issue(host);
    }

    /// <summary>
    /// A chain shaped like an ACME one: a leaf for <paramref name="host"/> and the intermediate that
    /// signed it, without the root. Returns the chain, the leaf's key and the intermediate's thumbprint.
    /// </summary>
    private static (string ChainPem, string KeyPem, string Intermediate) ChainWithIntermediate(string host)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=Test root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var intermediateRequest = new CertificateRequest("CN=Test intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var intermediate = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(20), [1]);
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        var leafRequest = new CertificateRequest($"CN={host}", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(names.Build());
        using var leaf = leafRequest.Create(intermediateWithKey, now.AddDays(-1), now.AddDays(10), [2]);
        return ($"{leaf.ExportCertificatePem()}\n{intermediate.ExportCertificatePem()}\n", leafKey.ExportPkcs8PrivateKeyPem(), intermediate.Thumbprint);
    }
}
