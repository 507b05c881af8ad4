using Daas.Tests.TestSupport;
using Daas.Tls;
using Daas.Tls.Acme;
using Daas.Tls.LocalCa;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Daas.Tests.Tls;

/// <summary>
/// The certificate manager's lifecycle with a real store and real certificates (signed by a local
/// CA standing in for the ACME CA), on a clock the test moves: a pass runs when the test wakes it.
/// </summary>
public sealed class CertificateManagerTests : IAsyncLifetime, IDisposable
{
    private const string Domain = "example.test";
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    private readonly TempDirectory _dir = new();
    private readonly ManualTime _time = new(Start);
    private readonly TestLifetime _lifetime = new();
    private readonly Apps _apps = new();
    private readonly DaasOptions _options;
    private readonly CertificateStore _store;
    private readonly CertificateSelector _selector;
    private FakeIssuer _issuer = null!;
    private CertificateManager _manager = null!;

    public CertificateManagerTests()
    {
        _options = new DaasOptions { DomainName = Domain, Username = "admin", DataDir = _dir.Path };
        _store = new CertificateStore(_dir.Path);
        _selector = new CertificateSelector(_options, NullLogger<CertificateSelector>.Instance);
    }

    public async Task InitializeAsync()
    {
        _issuer = new FakeIssuer(await LocalCertificateAuthority.LoadOrCreateAsync(Path.Combine(_dir.Path, "ca"), _time, CancellationToken.None));
        _manager = new CertificateManager(_issuer, _store, _selector, _apps, _lifetime, _options, _time, NullLogger<CertificateManager>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _manager.StopAsync(CancellationToken.None);
        _manager.Dispose();
    }

    public void Dispose()
    {
        _store.Dispose();
        _apps.Dispose();
        _lifetime.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Start_ObtainsDomainName_ThenBothNamesOfADeployedApp()
    {
        // Given the manager running
        await _manager.StartAsync(CancellationToken.None);
        Assert.True(await UntilAsync(() => Status(Domain)?.State == CertificateState.Valid));
        Assert.True(_selector.HasPublicCertificate(Domain));

        // When an app is deployed
        _apps.Deploy("shop");

        // Then both of its names get a certificate, and nothing else was ordered
        Assert.True(await UntilAsync(() => Status($"www.shop.{Domain}")?.State == CertificateState.Valid && Status($"shop.{Domain}")?.State == CertificateState.Valid));
        Assert.Equal([Domain, $"shop.{Domain}", $"www.shop.{Domain}"], _issuer.Orders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeletedApp_IsNoLongerServedItsCertificateNorRenewed()
    {
        // Given an app with its certificates
        await _manager.StartAsync(CancellationToken.None);
        _apps.Deploy("gone");
        Assert.True(await UntilAsync(() => _selector.HasPublicCertificate($"gone.{Domain}")));

        // When it is deleted
        _apps.Delete("gone");

        // Then its names get DOMAIN_NAME's certificate and leave the list
        Assert.True(await UntilAsync(() => !_selector.HasPublicCertificate($"gone.{Domain}")));
        Assert.Equal([Domain], _manager.Statuses().Select(s => s.Host));
    }

    [Fact]
    public async Task Failure_IsRetriedOnTheSchedule_HonouringALongerRetryAfter()
    {
        // Given a CA that refuses the first order with Retry-After: 2 min
        _issuer.FailNext(new AcmeException("rate limited", retryAfter: TimeSpan.FromMinutes(2)));
        await _manager.StartAsync(CancellationToken.None);

        // Then the failure is shown with its retry time, 2 min away rather than the schedule's 10 s
        Assert.True(await UntilAsync(() => Status(Domain)?.LastError is not null));
        var failing = Status(Domain)!;
        Assert.Equal(CertificateState.Failing, failing.State);
        Assert.Equal(Start.AddMinutes(2), failing.NextRetry);

        // When the manager looks again before then, nothing is ordered; after it, the retry succeeds
        _time.Advance(TimeSpan.FromMinutes(1));
        _manager.Wake();
        await Task.Delay(200);
        Assert.Single(_issuer.Orders);
        _time.Advance(TimeSpan.FromMinutes(1));
        _manager.Wake();
        Assert.True(await UntilAsync(() => Status(Domain)?.State == CertificateState.Valid));
        Assert.Null(Status(Domain)!.LastError);
        Assert.Equal(2, _issuer.Orders.Count);
    }

    [Fact]
    public async Task CertificateThatCannotBeSaved_IsKeptAndSavedLater_WithoutOrderingAgain()
    {
        // Given DATA_DIR where the certificates directory cannot be made (a file is in its way)
        Directory.CreateDirectory(_store.Directory);
        var blocker = Path.Combine(_store.Directory, "certificates");
        await File.WriteAllTextAsync(blocker, "");
        await _manager.StartAsync(CancellationToken.None);
        Assert.True(await UntilAsync(() => Status(Domain)?.LastError is not null));
        Assert.Contains("could not be saved", Status(Domain)!.LastError, StringComparison.Ordinal);

        // When the way is clear and the retry comes
        File.Delete(blocker);
        _time.Advance(RenewalPolicy.RetrySchedule[0]);
        _manager.Wake();

        // Then the certificate issued the first time is saved and served; the CA was asked once
        Assert.True(await UntilAsync(() => Status(Domain)?.State == CertificateState.Valid));
        Assert.Single(_issuer.Orders);
        Assert.NotNull(_store.Load(Domain));
    }

    [Fact]
    public async Task Certificate_IsRenewedTwoThirdsIntoItsLifetime_AndNotBefore()
    {
        // Given DOMAIN_NAME's certificate (90 days)
        await _manager.StartAsync(CancellationToken.None);
        Assert.True(await UntilAsync(() => Status(Domain)?.State == CertificateState.Valid));
        var first = _store.Load(Domain)!.Leaf.SerialNumber;

        // When 59 days pass, nothing is renewed; at 61 days it is
        _time.Advance(TimeSpan.FromDays(59));
        _manager.Wake();
        await Task.Delay(200);
        Assert.Single(_issuer.Orders);
        _time.Advance(TimeSpan.FromDays(2));
        _manager.Wake();
        Assert.True(await UntilAsync(() => _store.Load(Domain)?.Leaf.SerialNumber != first));
        Assert.Equal(2, _issuer.Orders.Count);
    }

    [Fact]
    public async Task CertificateOfAnotherDirectory_IsServedAtStartButReplaced_AndNeverTurnsOnHsts()
    {
        // Given a certificate from the ACME directory DaaS used before (staging, say)
        var (chain, key) = _issuer.Authority.Issue(Domain);
        await _store.SaveAsync(Domain, chain, key, CertificateSource.Acme, "https://staging.test/dir", CancellationToken.None);
        var old = _store.Load(Domain)!.Leaf.SerialNumber;

        // When the manager starts with another directory, and its CA is slow to answer
        _issuer.HoldOrders();
        await _manager.StartAsync(CancellationToken.None);

        // Then the old certificate is served meanwhile, without redirects or HSTS; then a new one replaces it
        Assert.Equal(old, _selector.Select(Domain).ServerCertificateContext!.TargetCertificate.SerialNumber);
        Assert.False(_selector.HasPublicCertificate(Domain));
        _issuer.ReleaseOrders();
        Assert.True(await UntilAsync(() => _store.Load(Domain)?.IssuedBy == _issuer.Name));
        Assert.True(await UntilAsync(() => _selector.HasPublicCertificate(Domain)));
    }

    private CertificateStatus? Status(string host) => _manager.Statuses().FirstOrDefault(s => s.Host == host);

    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }

    /// <summary>Deployed apps whose change token the test fires.</summary>
    private sealed class Apps : IDeployedApps, IDisposable
    {
        private readonly List<string> _names = [];
        private CancellationTokenSource _changed = new();

        public IReadOnlyCollection<string> DeployedApps
        {
            get
            {
                lock (_names)
                {
                    return _names.ToList();
                }
            }
        }

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_changed.Token);

        public void Deploy(string app) => Change(names => names.Add(app));

        public void Delete(string app) => Change(names => names.Remove(app));

        private void Change(Action<List<string>> change)
        {
            lock (_names)
            {
                change(_names);
            }

            Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
        }

        public void Dispose() => _changed.Dispose();
    }

    /// <summary>An issuer that counts as ACME, signs with a local CA, and fails or waits when told.</summary>
    private sealed class FakeIssuer(LocalCertificateAuthority authority) : ICertificateIssuer
    {
        private readonly Queue<Exception> _failures = new();
        private TaskCompletionSource _gate = Open();

        public LocalCertificateAuthority Authority => authority;

        public List<string> Orders { get; } = [];

        public CertificateSource Source => CertificateSource.Acme;

        public string Name => "https://acme.test/dir";

        public void FailNext(Exception failure) => _failures.Enqueue(failure);

        public void HoldOrders() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseOrders() => _gate.TrySetResult();

        public async Task<IssuedCertificate> IssueAsync(string host, StoredCertificate? current, CancellationToken cancellationToken)
        {
            await _gate.Task.WaitAsync(cancellationToken);
            lock (Orders)
            {
                Orders.Add(host);
            }

            if (_failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            var (chain, key) = authority.Issue(host);
            return new IssuedCertificate(chain, key);
        }

        public Task<RenewalAdvice?> AdviseRenewalAsync(StoredCertificate current, CancellationToken cancellationToken) => Task.FromResult<RenewalAdvice?>(null);

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
