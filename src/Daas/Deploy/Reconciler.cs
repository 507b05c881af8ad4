using System.Globalization;
using Daas.Deploy.Docker;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Brings Docker in line with State: every app's current release gets a running container
/// (started again, or deployed anew when its container is gone, with <see cref="RedeployBackoff"/>
/// after failed attempts), containers of releases that are
/// no longer current are removed (unless the deployer is already draining them), and the routes
/// are rebuilt. Runs at start-up and periodically, between deploys (see <see cref="DeployService"/>).
/// </summary>
internal sealed partial class Reconciler(AppRepository apps, ReleaseRepository releases, DaasOptions options, TimeProvider time, DockerEngine engine, DeployQueue queue, Deployer deployer, RouteSync routeSync, ILogger<Reconciler> logger)
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
                var next = RedeployBackoff.NextAttempt(await releases.ListAsync(app.Name, cancellationToken), releaseId, options.ReconcileInterval);
                if (next is { } due && time.GetUtcNow() < due)
                {
                    Log.Waiting(logger, app.Name, releaseId, due);
                    continue;
                }

                Log.Redeploying(logger, app.Name, releaseId);
                queue.Enqueue(new DeployRequest(app.Name, null, "its container was missing"));
            }
            else if (container.State != "running")
            {
                Log.Restarting(logger, app.Name, container.ID[..12]);
                await TryAsync(app.Name, () => engine.StartAsync(container.ID, cancellationToken));
            }
        }

        foreach (var stray in containers.Where(c => !current.Contains(c.Labels.Get(DaasLabels.Release) ?? "") && !deployer.IsRetiring(c.ID)))
        {
            var app = stray.Labels.Get(DaasLabels.App) ?? "?";
            Log.RemovingStray(logger, app, stray.ID[..12]);
            await TryAsync(app, () => engine.StopAndRemoveAsync(stray.ID, Deployer.StopGracePeriod, cancellationToken));
        }

        await routeSync.RefreshAsync(cancellationToken);
    }

    /// <summary>One container Docker refuses to start or remove must not stop the others from being reconciled.</summary>
    private async Task TryAsync(string app, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (global::Docker.DotNet.DockerApiException e)
        {
            Log.ContainerFailed(logger, app, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "{App}: Docker refused a reconcile step: {Reason}")]
        public static partial void ContainerFailed(ILogger logger, string app, string reason);

        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "{App}: the container of release {Release} is gone; deploying it again")]
        public static partial void Redeploying(ILogger logger, string app, long release);

        [LoggerMessage(EventId = 2305, Level = LogLevel.Debug, Message = "{App}: the container of release {Release} is gone and deploying it again failed; next attempt after {Due:O}")]
        public static partial void Waiting(ILogger logger, string app, long release, DateTimeOffset due);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "{App}: starting stopped container {Container}")]
        public static partial void Restarting(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "{App}: removing container {Container}, which belongs to no current release")]
        public static partial void RemovingStray(ILogger logger, string app, string container);
    }
}
