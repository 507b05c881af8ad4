using Daas.Deploy.Runtime;
using Daas.Routing;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Recomputes every app's route from State (which release should serve, and what it asked for)
/// and the runtime (is its instance serving, at which address) and hands the whole table to
/// Routing. Called after each deploy step that moves traffic, on runtime events and periodically;
/// calls are serialized, so an older table never overwrites a newer one.
/// </summary>
internal sealed partial class RouteSync(AppRepository apps, ReleaseRepository releases, IAppRuntime runtime, DeployActivity activity, RouteTable proxy, ILogger<RouteSync> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var instances = await runtime.ListAsync(null, cancellationToken);
            var routes = new List<AppRoute>();
            foreach (var app in await apps.ListAsync(cancellationToken))
            {
                var current = app.CurrentReleaseId is { } id ? await releases.GetAsync(id, cancellationToken) : null;
                // Held: a stop-first deploy is about to stop the old instance, so nothing new is sent to it;
                // the same when the app is being stopped.
                var held = activity.IsHeld(app.Name);
                var serving = current is null || held || app.RunState == AppRunState.Stopped
                    ? []
                    : instances.Where(i => i.App == app.Name && i.ReleaseId == current.Id && i.Serving && i.Endpoint is not null).Select(i => i.Endpoint!).ToList();
                routes.Add(new AppRoute(app.Name, serving)
                {
                    PasswordProtected = current?.Settings?.PasswordProtected ?? false,
                    Held = held,
                    Deployed = current is not null,
                });
            }

            proxy.Update(routes);
            Log.Refreshed(logger, routes.Count(r => r.Destinations.Count > 0), routes.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Routes refreshed: {Running} of {Apps} apps have a running release")]
        public static partial void Refreshed(ILogger logger, int running, int apps);
    }
}
