using Daas.Deploy.Runtime;
using Daas.Routing;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Recomputes every app's route from State (which release should serve, and what it asked for)
/// and the runtime (is its instance serving, at which address) and hands the whole table to
/// Routing. Containers DaaS did not start are routed at their network aliases (as the seed did),
/// unless an app of DaaS's has that name: the pushed app wins, and the conflict is logged once
/// when it appears. Called after each deploy step that moves traffic, on runtime events and
/// periodically. Calls are serialized, so an older table never overwrites a newer one, and
/// coalesced: every call waits for one refresh that starts after it, and all calls made while a
/// refresh runs share the next one (a burst of events or converges costs two, not one each).
/// </summary>
internal sealed partial class RouteSync(AppRepository apps, ReleaseRepository releases, IAppRuntime runtime, DeployActivity activity, RouteTable proxy, DaasOptions options, ILogger<RouteSync> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queue = new();

    // The refresh that has not started yet and that every new call joins; null when none is queued.
    private Task? _queued;

    // Aliases of attached containers that an app of DaaS's shadows now, so each conflict is logged once.
    private readonly HashSet<string> _shadowed = new(StringComparer.Ordinal);

    // The attached containers last listed, kept when listing them fails.
    private IReadOnlyList<AttachedContainer> _attached = [];

    /// <summary>Returns once a refresh that started after this call has handed its table to Routing.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        lock (_queue)
        {
            _queued ??= RunQueuedAsync();
            return _queued.WaitAsync(cancellationToken);
        }
    }

    private async Task RunQueuedAsync()
    {
        // Yield first, so the caller stores this task in _queued before it can be cleared below.
        await Task.Yield();
        await _gate.WaitAsync();
        try
        {
            lock (_queue)
            {
                _queued = null; // from here on, a new call queues the next refresh: this one may have read too early for it
            }

            // Not cancelled by any one caller: others share it; a refresh is short and only reads.
            await RefreshNowAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshNowAsync(CancellationToken cancellationToken)
    {
        var instances = await runtime.ListAsync(null, cancellationToken);
        var attached = await ListAttachedAsync(cancellationToken);
        var routes = new List<AppRoute>();
        var currentReleases = await releases.ListCurrentAsync(cancellationToken);
        var byApp = instances.ToLookup(i => i.App, StringComparer.Ordinal);
        foreach (var app in await apps.ListAsync(cancellationToken))
        {
            var current = currentReleases.GetValueOrDefault(app.Name);
            // Held: a stop-first deploy is about to stop the old instance, so nothing new is sent to it;
            // the same when the app is being stopped.
            var held = activity.IsHeld(app.Name);
            var serving = current is null || held || app.RunState == AppRunState.Stopped
                ? []
                : byApp[app.Name].Where(i => i.ReleaseId == current.Id && i.Serving).SelectMany(i => i.Endpoints).ToList();
            routes.Add(new AppRoute(app.Name, serving)
            {
                PasswordProtected = current?.Settings?.PasswordProtected ?? false,
                Held = held,
                Deployed = current is not null,
            });
        }

        routes.AddRange(AttachedRoutes(attached, routes.Select(r => r.App).ToHashSet(StringComparer.Ordinal)));
        // Requests still in flight to an instance that is no longer running can get no answer: the proxy ends them.
        var alive = instances.Where(i => i.State == InstanceState.Running).SelectMany(i => i.Alive).Concat(attached.Select(c => c.Endpoint))
            .OfType<Uri>().Select(RouteTable.KeyOf).ToHashSet(StringComparer.Ordinal);
        proxy.Update(routes, alive);
        Log.Refreshed(logger, routes.Count(r => r.Destinations.Count > 0), routes.Count);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The attached containers now, or those last listed when the runtime cannot say (an inspect
    /// that failed, say): containers DaaS did not start must not stop a deploy's route switch.
    /// </summary>
    private async Task<IReadOnlyList<AttachedContainer>> ListAttachedAsync(CancellationToken cancellationToken)
    {
        try
        {
            _attached = await runtime.ListAttachedAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.AttachedListFailed(logger, e.GetBaseException().Message);
        }

        return _attached;
    }

    /// <summary>
    /// One route per alias (containers sharing an alias share its traffic, as Docker's DNS shares
    /// it), to those not reported unhealthy; none for an alias an app of DaaS's already has.
    /// </summary>
    private List<AppRoute> AttachedRoutes(IReadOnlyList<AttachedContainer> attached, HashSet<string> pushed)
    {
        var routes = new List<AppRoute>();
        var shadowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alias in attached.SelectMany(c => c.Aliases).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var containers = attached.Where(c => c.Aliases.Contains(alias, StringComparer.Ordinal)).ToList();
            if (pushed.Contains(alias))
            {
                shadowed.Add(alias);
                if (!_shadowed.Contains(alias))
                {
                    Log.AttachedShadowed(logger, alias, string.Join(", ", containers.Select(c => c.ShortId)), options.NetworkName);
                }

                continue;
            }

            var serving = containers.Where(c => c.Serving).Select(c => c.Endpoint).ToList();
            // Deployed: it gets its certificates like any app; Attached: DaaS neither deploys nor stops it.
            routes.Add(new AppRoute(alias, serving) { Deployed = true, Attached = true });
        }

        _shadowed.Clear();
        _shadowed.UnionWith(shadowed);
        return routes;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Routes refreshed: {Running} of {Apps} apps have a running release")]
        public static partial void Refreshed(ILogger logger, int running, int apps);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
            Message = "Container {Container} on network '{Network}' has the alias {App}, which is also a pushed app's name: the pushed app is served at its host names, the container is not")]
        public static partial void AttachedShadowed(ILogger logger, string app, string container, string network);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Cannot list the containers attached by their network alias, keeping their last routes: {Reason}")]
        public static partial void AttachedListFailed(ILogger logger, string reason);
    }
}
