using Daas.Deploy.Runtime;
using Daas.Metrics;
using Daas.Routing;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Makes an app's desired release the running one, top to bottom: pull and read the image →
/// (stop-first: stop the old instance while the proxy holds requests) → start the new instance →
/// wait until healthy → switch (one transaction) and point the route at it → drain and remove the
/// old one → prune old images. A release that never gets healthy never gets traffic: it is
/// recorded as failed with its last log lines and the old release keeps (or resumes) serving.
/// Every step can be cut off by a crash; the next run of <see cref="AppConverger"/> redoes it.
/// </summary>
internal sealed partial class Deployer(
    IAppRuntime runtime,
    HealthGate healthGate,
    RouteSync routes,
    RouteTable table,
    ReleaseRepository releases,
    DeployActivity activity,
    DeployMetrics metrics,
    DaasOptions options,
    TimeProvider time,
    ILogger<Deployer> logger)
{
    /// <summary>How long an old instance gets between SIGTERM and SIGKILL, as `docker stop` gives.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>How long a stop-first deploy lets requests on the old instance finish before stopping it: half the hold, so held requests are still served.</summary>
    private static readonly TimeSpan StopFirstDrainLimit = AppForwarder.HoldLimit / 2;

    /// <summary>Images of this many of an app's newest releases stay on the engine, for quick rollbacks.</summary>
    public const int ImagesKeptPerApp = 3;

    public async Task DeployAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var release = (await releases.GetAsync(app.DesiredReleaseId!.Value, cancellationToken))!;
        await releases.SupersedeOlderPendingAsync(app.Name, release.Id, cancellationToken);
        await releases.MarkStartingAsync(release.Id, cancellationToken);
        Log.Starting(logger, app.Name, release.Number, release.Digest, release.Reason ?? release.Trigger.ToString());

        var instances = await runtime.ListAsync(app.Name, cancellationToken);
        foreach (var leftover in instances.Where(i => i.ReleaseId == release.Id))
        {
            // Left by an attempt at this release that a crash cut short: start again from a clean slate.
            await runtime.RemoveAsync(leftover.Id, TimeSpan.Zero, cancellationToken);
        }

        var old = instances.Where(i => i.ReleaseId != release.Id && !activity.IsRetiring(i.Id)).ToList();
        string? started = null;
        try
        {
            var facts = await runtime.PrepareAsync(app.Name, release.Digest, cancellationToken);
            var settings = release.Settings;
            if (settings is null)
            {
                var (read, error) = ImageSettings.Read(facts);
                if (read is null)
                {
                    await FailAsync(app, release, null, error!, cancellationToken);
                    return;
                }

                settings = read;
                await releases.SetSettingsAsync(release.Id, settings, cancellationToken);
            }

            // On a single engine an app is one container, whatever it asks for.
            var replicas = runtime.CanScale ? app.ReplicasFor(settings) : 1;
            if (ReplicaRule.Refusal(replicas, settings) is { } refusal)
            {
                await FailAsync(app, release, null, refusal, cancellationToken);
                return;
            }

            if (replicas < app.ReplicasFor(settings))
            {
                Log.OneReplica(logger, app.Name, app.ReplicasFor(settings));
            }

            if (settings.Strategy == DeployStrategy.StopFirst)
            {
                // Two processes on one data directory corrupt databases: the old one stops first,
                // and the proxy holds the app's requests until the new one is healthy.
                activity.Hold(app.Name);
                await routes.RefreshAsync(cancellationToken);
                // Requests already on the old instance finish first, within part of the hold, so the held ones still get served in time.
                await table.DrainAsync(EndpointsOf(old), StopFirstDrainLimit, time, cancellationToken);
                foreach (var instance in old.Where(i => i.State != InstanceState.Exited))
                {
                    await runtime.StopAsync(instance.Id, StopGracePeriod, cancellationToken);
                }
            }

            var plan = new InstancePlan(app.Name, release.Id, release.Digest, settings.Port, ConfigHash.Of(release.Digest, release.Env), release.Env, settings.Volumes)
            {
                Replicas = replicas,
                Constraints = settings.Constraints,
                MemoryBytes = settings.MemoryBytes,
                NanoCpus = settings.NanoCpus,
                VolumeDriver = settings.VolumeDriver,
            };
            started = await runtime.StartAsync(plan, cancellationToken);
            var health = await healthGate.WaitAsync(started, settings, options.HealthTimeout, cancellationToken);
            if (!health.Healthy)
            {
                await FailAsync(app, release, started, health.Reason, cancellationToken);
                return;
            }

            await releases.SwitchAsync(app.Name, release.Id, health.Reason, cancellationToken);
            Log.Live(logger, app.Name, release.Number, started.Length > 12 ? started[..12] : started, settings.Port);
            metrics.Succeeded(app.Name);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailAsync(app, release, started, e.GetBaseException().Message, cancellationToken);
            return;
        }

        // The new release is current from here on: a failure now must never remove its instance.
        activity.Release(app.Name);
        await routes.RefreshAsync(cancellationToken);
        Retire(app.Name, old, cancellationToken);
        await PruneImagesAsync(app.Name, cancellationToken);
    }

    /// <summary>
    /// In the background, so the next deploy need not wait: lets in-flight requests on the old
    /// instances finish, then removes them. An instance cut short by shutdown is removed by the
    /// next converge as a stray.
    /// </summary>
    private void Retire(string app, IReadOnlyList<AppInstance> old, CancellationToken cancellationToken)
    {
        var claimed = old.Where(i => activity.TryStartRetiring(i.Id)).ToList();
        if (claimed.Count > 0)
        {
            _ = Task.Run(() => DrainAndRemoveAsync(app, claimed, cancellationToken), cancellationToken);
        }
    }

    private async Task DrainAndRemoveAsync(string app, List<AppInstance> instances, CancellationToken cancellationToken)
    {
        try
        {
            // New requests already go to the new release: wait for the old one's in-flight
            // requests (WebSockets and long polls too) to end, up to DRAIN_TIMEOUT, then stop it.
            var left = await table.DrainAsync(EndpointsOf(instances), options.DrainTimeout, time, cancellationToken);
            if (left > 0)
            {
                Log.DrainTimedOut(logger, app, left, options.DrainTimeout.TotalSeconds);
            }

            foreach (var instance in instances)
            {
                try
                {
                    await runtime.RemoveAsync(instance.Id, StopGracePeriod, cancellationToken);
                    Log.Removed(logger, app, instance.ShortId);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RetireFailed(logger, app, e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the next converge removes what is left.
        }
        finally
        {
            foreach (var instance in instances)
            {
                activity.Retired(instance.Id);
            }
        }
    }

    /// <summary>The addresses the proxy reaches these instances at, for a drain.</summary>
    internal static List<Uri> EndpointsOf(IEnumerable<AppInstance> instances) => instances.SelectMany(i => i.Endpoints).ToList();

    /// <summary>Records the failure, removes the new instance and brings the current release back if stop-first stopped it.</summary>
    private async Task FailAsync(AppRecord app, ReleaseRecord release, string? started, string reason, CancellationToken cancellationToken)
    {
        metrics.Failed(app.Name);
        var detail = reason;
        if (started is not null)
        {
            try
            {
                var logs = await runtime.TailLogsAsync(started, 20, cancellationToken);
                if (logs.Length > 0)
                {
                    detail += "\n--- last log lines ---\n" + logs;
                }

                await runtime.RemoveAsync(started, TimeSpan.Zero, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The failure is recorded either way; an instance left behind is removed by the next converge.
                detail += $"\n(could not clean up the container: {e.GetBaseException().Message})";
            }
        }

        try
        {
            await releases.FailAsync(app.Name, release.Id, detail, cancellationToken);
            Log.Failed(logger, app.Name, release.Number, reason);
        }
        finally
        {
            await ResumeCurrentAsync(app, cancellationToken);
        }
    }

    /// <summary>Brings the current release back if stop-first stopped it, and lets the proxy stop holding the app's requests.</summary>
    private async Task ResumeCurrentAsync(AppRecord app, CancellationToken cancellationToken)
    {
        try
        {
            if (app.CurrentReleaseId is { } current)
            {
                foreach (var stopped in (await runtime.ListAsync(app.Name, cancellationToken)).Where(i => i.ReleaseId == current && i.State == InstanceState.Exited))
                {
                    await runtime.ResumeAsync(stopped.Id, cancellationToken);
                }
            }
        }
        finally
        {
            activity.Release(app.Name);
            await routes.RefreshAsync(cancellationToken);
        }
    }

    private async Task PruneImagesAsync(string app, CancellationToken cancellationToken)
    {
        try
        {
            var keep = (await releases.ListRecentAsync(ImagesKeptPerApp, app, cancellationToken)).Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
            var removed = await runtime.PruneImagesAsync(app, keep, cancellationToken);
            if (removed > 0)
            {
                Log.Pruned(logger, app, removed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.PruneFailed(logger, app, e.GetBaseException().Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Deploying {App} release {Release} ({Digest}): {Reason}")]
        public static partial void Starting(ILogger logger, string app, int release, string digest, string reason);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{App} release {Release} is live in container {Container} on port {Port}")]
        public static partial void Live(ILogger logger, string app, int release, string container, int port);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{App} release {Release} failed; the previous release keeps serving: {Reason}")]
        public static partial void Failed(ILogger logger, string app, int release, string reason);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{App}: removed old container {Container}")]
        public static partial void Removed(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "{App}: could not remove an old container: {Reason}")]
        public static partial void RetireFailed(ILogger logger, string app, string reason);

        [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "{App}: {Requests} requests were still in flight to the old container after DRAIN_TIMEOUT ({Seconds} s); stopping it")]
        public static partial void DrainTimedOut(ILogger logger, string app, int requests, double seconds);

        [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "{App} asks for {Replicas} replicas (daas.replicas), but on a single engine an app is one container; replicas need Docker Swarm")]
        public static partial void OneReplica(ILogger logger, string app, int replicas);

        [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "{App}: removed {Count} old images from the engine")]
        public static partial void Pruned(ILogger logger, string app, int count);

        [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "{App}: could not remove old images: {Reason}")]
        public static partial void PruneFailed(ILogger logger, string app, string reason);
    }
}
