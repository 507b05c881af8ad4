using System.Globalization;
using Daas.Deploy.Docker;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Brings Docker in line with State at start-up: every app's current release gets a running
/// container (started again, or deployed anew when its container is gone), containers of
/// releases that are no longer current are removed, and the routes are rebuilt.
/// </summary>
internal sealed partial class Reconciler(AppRepository apps, DockerEngine engine, DeployQueue queue, RouteSync routeSync, ILogger<Reconciler> logger)
{
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var containers = await engine.ListAppContainersAsync(null, cancellationToken);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in await apps.ListAsync(cancellationToken))
        {
            if (app.CurrentReleaseId is not { } releaseId)
            {
                continue;
            }

            var release = releaseId.ToString(CultureInfo.InvariantCulture);
            current.Add(release);
            var container = containers.FirstOrDefault(c => c.Labels.Get(DaasLabels.Release) == release);
            if (container is null)
            {
                Log.Redeploying(logger, app.Name, releaseId);
                queue.Enqueue(new DeployRequest(app.Name, null, "its container was missing at start-up"));
            }
            else if (container.State != "running")
            {
                Log.Restarting(logger, app.Name, container.ID[..12]);
                await engine.StartAsync(container.ID, cancellationToken);
            }
        }

        foreach (var stray in containers.Where(c => !current.Contains(c.Labels.Get(DaasLabels.Release) ?? "")))
        {
            Log.RemovingStray(logger, stray.Labels.Get(DaasLabels.App) ?? "?", stray.ID[..12]);
            await engine.StopAndRemoveAsync(stray.ID, TimeSpan.FromSeconds(10), cancellationToken);
        }

        await routeSync.RefreshAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "{App}: the container of release {Release} is gone; deploying it again")]
        public static partial void Redeploying(ILogger logger, string app, long release);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "{App}: starting stopped container {Container}")]
        public static partial void Restarting(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "{App}: removing container {Container}, which belongs to no current release")]
        public static partial void RemovingStray(ILogger logger, string app, string container);
    }
}
