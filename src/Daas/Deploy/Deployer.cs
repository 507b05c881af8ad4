using System.Globalization;
using Daas.Deploy.Docker;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Turns "app X should run digest D" into a running, healthy release, top to bottom: pull →
/// start the new container → wait until healthy → point the route at it → drain and stop the
/// old one. A release that never gets healthy never gets traffic; the old one keeps serving and
/// the failure is recorded with the container's last log lines.
/// </summary>
internal sealed partial class Deployer(
    DockerEngine engine,
    HealthGate healthGate,
    RouteSync routeSync,
    AppRepository apps,
    ReleaseRepository releases,
    DaasOptions options,
    InstanceId instance,
    ILogger<Deployer> logger)
{
    /// <summary>How long an old container gets between SIGTERM and SIGKILL, as `docker stop` gives.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Containers being drained and stopped now, so overlapping deploys never retire one twice.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _retiring = new(StringComparer.Ordinal);

    /// <summary>True while the deployer is draining and stopping this container.</summary>
    public bool IsRetiring(string containerId) => _retiring.ContainsKey(containerId);

    public async Task DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var app = request.App;
        await apps.EnsureAsync(app, cancellationToken);
        var digest = request.Digest ?? await CurrentDigestAsync(app, cancellationToken);
        if (digest is null)
        {
            Log.NothingToRun(logger, app);
            return;
        }

        var env = await apps.GetEnvAsync(app, cancellationToken);
        var configHash = ConfigHash.Of(digest, env);
        var existing = await engine.ListAppContainersAsync(app, cancellationToken);
        var current = (await apps.GetAsync(app, cancellationToken))?.CurrentReleaseId?.ToString(CultureInfo.InvariantCulture);
        if (existing.Any(c => c.State == "running" && c.Labels.Get(DaasLabels.Release) == current
            && c.Labels.Get(DaasLabels.ConfigHash) == configHash))
        {
            Log.AlreadyRunning(logger, app, digest);
            await routeSync.RefreshAsync(cancellationToken);
            return;
        }

        var image = engine.ImageReference(app, digest);
        var releaseId = await releases.CreateAsync(app, image, digest, configHash, cancellationToken);
        Log.Starting(logger, app, releaseId, digest, request.Reason);
        string? containerId = null;
        int port;
        HealthResult health;
        try
        {
            await engine.PullAsync(app, digest, cancellationToken);
            var imageConfig = (await engine.InspectImageAsync(image, cancellationToken)).Config;
            port = ContainerSpecBuilder.PortOf(imageConfig?.Labels, imageConfig?.ExposedPorts?.Keys);
            var spec = ContainerSpecBuilder.Build(new ReleaseSpec(app, releaseId, image, port, configHash, env), options.NetworkName, instance.Value);
            containerId = await engine.CreateAndStartAsync(spec, cancellationToken);

            health = await healthGate.WaitAsync(containerId, port, imageConfig?.Labels.Get(DaasLabels.HealthPath), options.HealthTimeout, cancellationToken);
            if (!health.Healthy)
            {
                await FailAsync(app, releaseId, containerId, health.Reason, cancellationToken);
                return;
            }

            await apps.SetCurrentReleaseAsync(app, releaseId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailAsync(app, releaseId, containerId, e.GetBaseException().Message, cancellationToken);
            return;
        }

        // The new release is current from here on: a failure now must never remove its container.
        try
        {
            await releases.SetStatusAsync(releaseId, ReleaseStatus.Running, health.Reason, cancellationToken);
            await routeSync.RefreshAsync(cancellationToken);
            Log.Live(logger, app, releaseId, containerId[..12], port);
            if (current is not null)
            {
                await releases.SetStatusAsync(long.Parse(current, CultureInfo.InvariantCulture), ReleaseStatus.Replaced, $"replaced by release {releaseId}", cancellationToken);
            }

            await RetireOldAsync(app, releaseId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.AfterSwitchFailed(logger, app, releaseId, e.GetBaseException().Message);
        }
    }

    private async Task<string?> CurrentDigestAsync(string app, CancellationToken cancellationToken)
    {
        var record = await apps.GetAsync(app, cancellationToken);
        return record?.CurrentReleaseId is { } id ? (await releases.GetAsync(id, cancellationToken))?.Digest : null;
    }

    /// <summary>
    /// In the background, so the next deploy need not wait: lets in-flight requests on the old
    /// containers finish, then stops and removes them. The list is taken now, so a newer release
    /// started meanwhile is never touched; a retirement cut short by shutdown is finished by the
    /// reconciler at the next start.
    /// </summary>
    private async Task RetireOldAsync(string app, long releaseId, CancellationToken cancellationToken)
    {
        var keep = releaseId.ToString(CultureInfo.InvariantCulture);
        var old = (await engine.ListAppContainersAsync(app, cancellationToken))
            .Where(c => c.Labels.Get(DaasLabels.Release) != keep && _retiring.TryAdd(c.ID, 0))
            .Select(c => c.ID)
            .ToList();
        if (old.Count > 0)
        {
            _ = Task.Run(() => DrainAndStopAsync(app, old, cancellationToken), cancellationToken);
        }
    }

    private async Task DrainAndStopAsync(string app, List<string> containerIds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.DrainTimeout, cancellationToken);
            foreach (var id in containerIds)
            {
                try
                {
                    await engine.StopAndRemoveAsync(id, StopGracePeriod, cancellationToken);
                    Log.Removed(logger, app, id[..12]);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RetireFailed(logger, app, e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the reconciler removes what is left at the next start.
        }
        finally
        {
            foreach (var id in containerIds)
            {
                _retiring.TryRemove(id, out _);
            }
        }
    }

    private async Task FailAsync(string app, long releaseId, string? containerId, string reason, CancellationToken cancellationToken)
    {
        var detail = reason;
        if (containerId is not null)
        {
            try
            {
                var logs = await engine.TailLogsAsync(containerId, 20, cancellationToken);
                if (logs.Length > 0)
                {
                    detail += "\n--- last log lines ---\n" + logs;
                }

                await engine.StopAndRemoveAsync(containerId, TimeSpan.Zero, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The failure is recorded either way; a container left behind is removed by the reconciler.
                detail += $"\n(could not clean up the container: {e.GetBaseException().Message})";
            }
        }

        await releases.SetStatusAsync(releaseId, ReleaseStatus.Failed, detail, cancellationToken);
        Log.Failed(logger, app, releaseId, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Deploying {App} release {Release} ({Digest}): {Reason}")]
        public static partial void Starting(ILogger logger, string app, long release, string digest, string reason);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{App} release {Release} is live in container {Container} on port {Port}")]
        public static partial void Live(ILogger logger, string app, long release, string container, int port);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{App} release {Release} failed; the previous release keeps serving: {Reason}")]
        public static partial void Failed(ILogger logger, string app, long release, string reason);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "{App} already runs {Digest} with the same env; nothing to do")]
        public static partial void AlreadyRunning(ILogger logger, string app, string digest);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{App}: removed old container {Container}")]
        public static partial void Removed(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{App}: could not remove an old container: {Reason}")]
        public static partial void RetireFailed(ILogger logger, string app, string reason);

        [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "{App} release {Release} is live, but finishing the switch failed (routes and old containers are fixed by the next refresh or restart): {Reason}")]
        public static partial void AfterSwitchFailed(ILogger logger, string app, long release, string reason);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "{App} has no release yet; nothing to run")]
        public static partial void NothingToRun(ILogger logger, string app);
    }
}
