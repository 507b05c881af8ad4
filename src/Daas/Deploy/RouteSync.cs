using System.Globalization;
using Daas.Deploy.Docker;
using Daas.Routing;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Recomputes every app's destination from State (which release should serve) and Docker (is
/// its container running, at which address) and hands the table to Routing. Called after each
/// deploy, on Docker container events and periodically; calls are serialized.
/// </summary>
internal sealed partial class RouteSync(AppRepository apps, DockerEngine engine, AppProxyConfigProvider proxy, DaasOptions options, ILogger<RouteSync> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var containers = await engine.ListAppContainersAsync(null, cancellationToken);
            var routes = new List<AppRoute>();
            foreach (var app in await apps.ListAsync(cancellationToken))
            {
                var release = app.CurrentReleaseId?.ToString(CultureInfo.InvariantCulture);
                var container = containers.FirstOrDefault(c =>
                    c.State == "running" && c.Labels.TryGetValue(DaasLabels.Release, out var r) && r == release
                    && c.Labels.TryGetValue(DaasLabels.App, out var a) && a == app.Name);
                routes.Add(new AppRoute(app.Name, container is null ? null : DestinationOf(container)));
            }

            proxy.Update(routes);
            var running = routes.Count(r => r.Destination is not null);
            Log.Refreshed(logger, running, routes.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private Uri? DestinationOf(global::Docker.DotNet.Models.ContainerListResponse container)
    {
        if (container.NetworkSettings?.Networks is null
            || !container.NetworkSettings.Networks.TryGetValue(options.NetworkName, out var network)
            || string.IsNullOrEmpty(network.IPAddress)
            || !container.Labels.TryGetValue(DaasLabels.Port, out var port))
        {
            return null;
        }

        return new Uri($"http://{network.IPAddress}:{port}/");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Routes refreshed: {Running} of {Apps} apps have a running release")]
        public static partial void Refreshed(ILogger logger, int running, int apps);
    }
}
