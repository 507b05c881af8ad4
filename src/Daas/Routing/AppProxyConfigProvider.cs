using Microsoft.Extensions.Primitives;
using Daas.Tls;
using Yarp.ReverseProxy.Configuration;

namespace Daas.Routing;

/// <summary>
/// YARP's view of the apps. Each <see cref="Update"/> builds a complete new snapshot, swaps it
/// in atomically and then fires the old snapshot's change token; YARP lets requests already
/// in flight finish on the destinations they started with.
/// </summary>
internal sealed class AppProxyConfigProvider(DaasOptions options) : IProxyConfigProvider, IDeployedApps
{
    private volatile Snapshot _snapshot = new([], [], new Dictionary<string, AppRoute>());

    public IProxyConfig GetConfig() => _snapshot;

    public IReadOnlyCollection<string> DeployedApps => _snapshot.Apps.Values.Where(a => a.Deployed).Select(a => a.App).ToList();

    public IChangeToken GetChangeToken() => _snapshot.ChangeToken;

    /// <summary>The app's route in the current snapshot, or null when no such app exists.</summary>
    public AppRoute? Find(string app) => _snapshot.Apps.GetValueOrDefault(app);

    public void Update(IReadOnlyCollection<AppRoute> apps)
    {
        var (routes, clusters) = RouteTableBuilder.Build(options.DomainName, apps);
        var next = new Snapshot(routes, clusters, apps.ToDictionary(a => a.App, StringComparer.Ordinal));
        var previous = Interlocked.Exchange(ref _snapshot, next);
        previous.SignalChange();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token must stay valid for as long as YARP holds the snapshot; nothing owns its end.")]
    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IReadOnlyDictionary<string, AppRoute> apps) : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;
        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;
        public IReadOnlyDictionary<string, AppRoute> Apps { get; } = apps;
        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
