using Daas.Deploy;
using Daas.Routing;
using Daas.State;
using Daas.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Daas.Tests.Deploy;

/// <summary>
/// The deploy part wired as in DaaS, on a temp SQLite database and a <see cref="FakeRuntime"/>:
/// tests push, converge and read back State, the runtime's calls and the routes.
/// </summary>
internal sealed class DeployHarness : IDisposable
{
    private readonly TempDirectory _dir = new();

    public DeployHarness()
    {
        Options = new DaasOptions { DomainName = "example.com", Username = "admin", DataDir = _dir.Path, DrainTimeout = TimeSpan.Zero, HealthTimeout = TimeSpan.FromSeconds(5) };
        var database = new Database(Path.Combine(_dir.Path, "daas.db"));
        Migrator.MigrateAsync(database, CancellationToken.None).GetAwaiter().GetResult();
        Apps = new AppRepository(database, Time);
        Releases = new ReleaseRepository(database, Apps, Time);
        Proxy = new RouteTable(Options, new Daas.Metrics.TrafficMetrics());
        Routes = new RouteSync(Apps, Releases, Runtime, Activity, Proxy, Options, RouteLog);
        var gate = new HealthGate(Runtime, new NoHttp(), TimeProvider.System);
        Deployer = new Deployer(Runtime, gate, Routes, Proxy, Releases, Activity, Deploys, Options, TimeProvider.System, NullLogger<Deployer>.Instance);
        Converger = new AppConverger(Apps, Releases, Runtime, Deployer, Routes, Proxy, Activity, Options, Time, NullLogger<AppConverger>.Instance);
    }

    public FakeRuntime Runtime { get; } = new();
    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    public DeployActivity Activity { get; } = new();
    public Daas.Metrics.DeployMetrics Deploys { get; } = new();
    public DaasOptions Options { get; }

    /// <summary>What <see cref="Routes"/> logged.</summary>
    public RecordingLogger<RouteSync> RouteLog { get; } = new();
    public AppRepository Apps { get; }
    public ReleaseRepository Releases { get; }
    public RouteTable Proxy { get; }
    public RouteSync Routes { get; }
    public Deployer Deployer { get; }
    public AppConverger Converger { get; }

    /// <summary>Records a push of the digest as the registry's listener does.</summary>
    public async Task<ReleaseRecord?> PushAsync(string app, string digest) =>
        await Releases.CreateDesiredAsync(app, (desired, newest) => ReleasePlanner.ForPush(desired, newest, digest, "pushed"), CancellationToken.None);

    public Task ConvergeAsync(string app) => Converger.ConvergeAsync(app, CancellationToken.None);

    public async Task<IReadOnlyList<(int Number, ReleaseState State)>> StatesAsync(string app) =>
        (await Releases.ListAsync(app, CancellationToken.None)).Select(r => (r.Number, r.State)).ToList();

    public async Task<AppRecord> AppAsync(string app) => (await Apps.GetAsync(app, CancellationToken.None))!;

    /// <summary>Waits for the background retirement of old instances.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    public void Dispose()
    {
        Routes.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("the fake runtime's images have a HEALTHCHECK");
    }

}
