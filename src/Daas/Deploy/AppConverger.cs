using Daas.Deploy.Runtime;
using Daas.Routing;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Brings one app's instances in line with State, whatever happened before (a crash mid-deploy,
/// a container removed or stopped behind DaaS's back, a delete): a deleted app's instances go; a
/// stopped app's instances stop; a pending desired release is deployed; a current release without
/// an instance is resumed, or deployed again as a new release with <see cref="RedeployBackoff"/>
/// after failures; instances of other releases go. Level-triggered, so running it twice is harmless.
/// <see cref="DeployScheduler"/> never runs two of one app at once.
/// </summary>
internal sealed partial class AppConverger(
    AppRepository apps,
    ReleaseRepository releases,
    IAppRuntime runtime,
    Deployer deployer,
    RouteSync routes,
    RouteTable table,
    DeployActivity activity,
    DaasOptions options,
    TimeProvider time,
    ILogger<AppConverger> logger)
{
    public async Task ConvergeAsync(string name, CancellationToken cancellationToken)
    {
        var app = await apps.GetAsync(name, cancellationToken);
        var instances = (await runtime.ListAsync(name, cancellationToken)).Where(i => !activity.IsRetiring(i.Id)).ToList();
        if (app is null)
        {
            await RemoveAsync(name, instances, "the app was deleted", cancellationToken);
        }
        else if (app.RunState == AppRunState.Stopped)
        {
            await routes.RefreshAsync(cancellationToken); // new requests get 502 now, not a connection to a stopping container
            var stopping = instances.Where(i => i.State != InstanceState.Exited).ToList();
            // Requests already on it finish first (WebSockets too, up to DRAIN_TIMEOUT), as in a redeploy.
            if (await table.DrainAsync(Deployer.EndpointsOf(stopping), options.DrainTimeout, time, cancellationToken) is var left and > 0)
            {
                Log.DrainTimedOut(logger, name, left, options.DrainTimeout.TotalSeconds);
            }

            foreach (var running in stopping)
            {
                Log.Stopping(logger, name, running.ShortId);
                await TryAsync(name, () => runtime.StopAsync(running.Id, Deployer.StopGracePeriod, cancellationToken));
            }
        }
        else if (app.HasPendingRelease)
        {
            await deployer.DeployAsync(app, cancellationToken);
            return;
        }
        else
        {
            var current = app.CurrentReleaseId;
            var strays = instances.Where(i => i.ReleaseId != current).ToList();
            var own = instances.Where(i => i.ReleaseId == current).ToList();
            await RemoveAsync(name, strays, "it belongs to no current release", cancellationToken);
            if (current is not null && await EnsureCurrentRunsAsync(app, current.Value, own, cancellationToken))
            {
                return;
            }

            if (current is not null && runtime.CanScale)
            {
                await ScaleAsync(app, current.Value, own, cancellationToken);
            }

            if (strays.Count == 0 && RouteIsCurrent(name, own))
            {
                // The steady state: nothing moved and the route says so already. A reconcile of
                // every app must not rebuild the whole route table once per app.
                return;
            }
        }

        await routes.RefreshAsync(cancellationToken);
    }

    /// <summary>True when the proxy already routes the app to exactly its serving instances.</summary>
    private bool RouteIsCurrent(string app, List<AppInstance> own)
    {
        var serving = own.Where(i => i.Serving).SelectMany(i => i.Endpoints).Select(RouteTable.KeyOf).ToHashSet(StringComparer.Ordinal);
        return serving.Count > 0 && table.Find(app) is { Held: false } route && serving.SetEquals(route.Destinations.Select(RouteTable.KeyOf));
    }

    /// <summary>True when it handed over to a deploy (which refreshes the routes itself).</summary>
    private async Task<bool> EnsureCurrentRunsAsync(AppRecord app, long current, List<AppInstance> own, CancellationToken cancellationToken)
    {
        if (own.Any(i => i.State is InstanceState.Running or InstanceState.Restarting))
        {
            return false;
        }

        if (own.FirstOrDefault() is { } stopped)
        {
            Log.Resuming(logger, app.Name, stopped.ShortId);
            await TryAsync(app.Name, () => runtime.ResumeAsync(stopped.Id, cancellationToken));
            return false;
        }

        var history = await releases.ListAsync(app.Name, cancellationToken);
        if (RedeployBackoff.NextAttempt(history, current, options.ReconcileInterval) is { } due && time.GetUtcNow() < due)
        {
            Log.Waiting(logger, app.Name, due);
            return false;
        }

        var release = history.First(r => r.Id == current);
        Log.Redeploying(logger, app.Name, release.Number);
        var again = ReleasePlanner.ForRestart(release, $"the container of release {release.Number} was missing");
        // Only while nothing newer is asked for: a push recorded meanwhile wins over this restart.
        if (await releases.CreateDesiredAsync(app.Name, (desired, _) => desired?.Id == current ? again : null, cancellationToken) is null
            || await apps.GetAsync(app.Name, cancellationToken) is not { HasPendingRelease: true } updated)
        {
            return false;
        }

        await deployer.DeployAsync(updated, cancellationToken);
        return true;
    }

    /// <summary>Gives the current release's running instances the replicas the app asks for now (the API's count, else its label).</summary>
    private async Task ScaleAsync(AppRecord app, long current, List<AppInstance> own, CancellationToken cancellationToken)
    {
        if (await releases.GetAsync(current, cancellationToken) is not { Settings: { } settings })
        {
            return;
        }

        var wanted = app.ReplicasFor(settings);
        if (ReplicaRule.Refusal(wanted, settings) is { } refusal)
        {
            // The API refuses such a count, but one set before a push added a volume must not scale it either.
            Log.NotScaling(logger, app.Name, refusal);
            return;
        }

        foreach (var instance in own.Where(i => i.State != InstanceState.Exited && i.Replicas != wanted))
        {
            Log.Scaling(logger, app.Name, instance.ShortId, instance.Replicas, wanted);
            await TryAsync(app.Name, () => runtime.ScaleAsync(instance.Id, wanted, cancellationToken));
        }
    }

    private async Task RemoveAsync(string app, IReadOnlyList<AppInstance> instances, string why, CancellationToken cancellationToken)
    {
        foreach (var instance in instances)
        {
            Log.Removing(logger, app, instance.ShortId, why);
            await TryAsync(app, () => runtime.RemoveAsync(instance.Id, Deployer.StopGracePeriod, cancellationToken));
        }
    }

    /// <summary>One instance the engine refuses to stop, start or remove must not keep the rest of the app from converging.</summary>
    private async Task TryAsync(string app, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.StepFailed(logger, app, e.GetBaseException().Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "{App}: the container of release {Release} is gone; deploying it again")]
        public static partial void Redeploying(ILogger logger, string app, int release);

        [LoggerMessage(EventId = 2305, Level = LogLevel.Debug, Message = "{App}: its current container is gone and deploying it again failed; next attempt after {Due:O}")]
        public static partial void Waiting(ILogger logger, string app, DateTimeOffset due);

        [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "{App}: starting stopped container {Container}")]
        public static partial void Resuming(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "{App}: removing container {Container}: {Why}")]
        public static partial void Removing(ILogger logger, string app, string container, string why);

        [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "{App}: the engine refused a step; the next converge tries again: {Reason}")]
        public static partial void StepFailed(ILogger logger, string app, string reason);

        [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "{App}: stopping container {Container}, as the app was stopped")]
        public static partial void Stopping(ILogger logger, string app, string container);

        [LoggerMessage(EventId = 2309, Level = LogLevel.Warning, Message = "{App}: not scaling: {Reason}")]
        public static partial void NotScaling(ILogger logger, string app, string reason);

        [LoggerMessage(EventId = 2308, Level = LogLevel.Information, Message = "{App}: scaling service {Service} from {From} to {To} replicas")]
        public static partial void Scaling(ILogger logger, string app, string service, int from, int to);

        [LoggerMessage(EventId = 2307, Level = LogLevel.Information, Message = "{App}: {Requests} requests were still in flight after DRAIN_TIMEOUT ({Seconds} s); stopping its container")]
        public static partial void DrainTimedOut(ILogger logger, string app, int requests, double seconds);
    }
}
