using System.Text.RegularExpressions;
using Daas.Deploy;
using Daas.Deploy.Runtime;
using Daas.Registry.Storage;
using Daas.State;
using Daas.Web.Api;

namespace Daas.Web.Actions;

/// <summary>
/// What a user can do to an app, shared by the JSON API and the UI: stop, start, restart, roll
/// back, delete, read and replace env vars, set replicas (Swarm), list volumes. Each change is recorded durably before
/// it returns and wakes the app's deploy; restart and rollback make a new release that goes through
/// the same health gate as a push. A call that contradicts the app's state is a Conflict, and so is
/// any change to an attached container (DaaS did not start it and does not stop it).
/// </summary>
internal sealed partial class AppActions(
    AppRepository apps, ReleaseRepository releases, AppViews views, DeployScheduler scheduler, AppConverger converger, IAppRuntime runtime, RepositoryEraser registry, DaasOptions options)
{
    public Task<ActionOutcome<AppView>> StopAsync(string app, CancellationToken cancellationToken) =>
        SetRunStateAsync(app, AppRunState.Stopped, cancellationToken);

    public Task<ActionOutcome<AppView>> StartAsync(string app, CancellationToken cancellationToken) =>
        SetRunStateAsync(app, AppRunState.Running, cancellationToken);

    public async Task<ActionOutcome<ReleaseView>> RestartAsync(string app, CancellationToken cancellationToken)
    {
        if (await CheckRunningAsync<ReleaseView>(app, cancellationToken) is { } problem)
        {
            return problem;
        }

        var record = (await apps.GetAsync(app, cancellationToken))!;
        if (record.CurrentReleaseId is not { } current || await releases.GetAsync(current, cancellationToken) is not { } release)
        {
            return ActionOutcome<ReleaseView>.Conflict($"app '{app}' has no current release to restart");
        }

        if (record.HasPendingRelease)
        {
            // Restarting the current release now would undo the deploy under way once it finishes.
            return ActionOutcome<ReleaseView>.Conflict($"app '{app}' is deploying a new release; it starts fresh anyway");
        }

        var created = await releases.CreateDesiredAsync(app, (_, _) => ReleasePlanner.ForRestart(release, "restarted through the API"), cancellationToken);
        scheduler.Wake(app);
        return ActionOutcome<ReleaseView>.Accepted(ReleaseView.Of(created!));
    }

    /// <summary>Deploys release <paramref name="release"/>'s snapshot again, or by default the previous good one.</summary>
    public async Task<ActionOutcome<ReleaseView>> RollbackAsync(string app, int? release, CancellationToken cancellationToken)
    {
        if (await CheckRunningAsync<ReleaseView>(app, cancellationToken) is { } problem)
        {
            return problem;
        }

        var record = (await apps.GetAsync(app, cancellationToken))!;
        var (target, error) = ReleasePlanner.RollbackTarget(await releases.ListAsync(app, cancellationToken), record.CurrentReleaseId, release);
        if (target is null)
        {
            return release is null ? ActionOutcome<ReleaseView>.Conflict($"app '{app}': {error}") : ActionOutcome<ReleaseView>.NotFound($"app '{app}': {error}");
        }

        var created = await releases.CreateDesiredAsync(app, (_, _) => ReleasePlanner.ForRollback(target), cancellationToken);
        scheduler.Wake(app);
        return ActionOutcome<ReleaseView>.Accepted(ReleaseView.Of(created!));
    }

    /// <summary>
    /// While no converge of the app runs: the row goes first (so nothing deploys it again), then,
    /// whatever the caller does meanwhile, its containers and route, and with <paramref name="data"/>
    /// every container still draining, its volumes and images. Only the row is durable: a crash after
    /// it leaves containers that the next converge removes, and volumes that a second delete cannot name.
    /// </summary>
    public async Task<ActionOutcome<DeletedView>> DeleteAsync(string app, bool data, CancellationToken cancellationToken)
    {
        var found = false;
        var volumes = 0;
        var images = false;
        await scheduler.RunExclusiveAsync(app, async _ =>
        {
            if (!await apps.DeleteAsync(app, CancellationToken.None))
            {
                return;
            }

            found = true;
            await converger.ConvergeAsync(app, CancellationToken.None); // gone from State: its containers and route go
            if (data)
            {
                foreach (var draining in await runtime.ListAsync(app, CancellationToken.None))
                {
                    await runtime.RemoveAsync(draining.Id, TimeSpan.Zero, CancellationToken.None);
                }

                volumes = await runtime.RemoveVolumesAsync(app, CancellationToken.None);
                await runtime.PruneImagesAsync(app, new HashSet<string>(), CancellationToken.None);
                images = await registry.EraseAsync(app, CancellationToken.None);
            }
        }, cancellationToken);
        return found ? ActionOutcome<DeletedView>.Done(new DeletedView(app, data, volumes, images)) : NotAnApp<DeletedView>(app);
    }

    /// <summary>The app's env vars: those of its newest release (empty before the first push).</summary>
    public async Task<ActionOutcome<SortedDictionary<string, string>>> GetEnvAsync(string app, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return NotAnApp<SortedDictionary<string, string>>(app);
        }

        var release = await releases.NewestAsync(record.Name, cancellationToken);
        return ActionOutcome<SortedDictionary<string, string>>.Done(release?.Env ?? new SortedDictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Replaces the app's env vars: records a new release with them and deploys it (Accepted, with the env as stored).</summary>
    public async Task<ActionOutcome<SortedDictionary<string, string>>> SetEnvAsync(string app, IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return NotAnApp<SortedDictionary<string, string>>(app);
        }

        var invalid = env.Keys.Where(key => !EnvKeyPattern().IsMatch(key)).ToList();
        if (invalid.Count > 0)
        {
            return ActionOutcome<SortedDictionary<string, string>>.Invalid(
                "env", $"invalid variable names: {string.Join(", ", invalid)} (letters, digits and '_', not starting with a digit)");
        }

        if (await releases.NewestAsync(record.Name, cancellationToken) is null)
        {
            return ActionOutcome<SortedDictionary<string, string>>.Conflict($"app '{app}' has no release yet; push an image first");
        }

        var sorted = new SortedDictionary<string, string>(env.ToDictionary(), StringComparer.Ordinal);
        await releases.CreateDesiredAsync(app, (desired, newest) => ReleasePlanner.ForEnv(desired, newest, sorted), cancellationToken);
        scheduler.Wake(app);
        return ActionOutcome<SortedDictionary<string, string>>.Accepted(sorted);
    }

    /// <summary>
    /// Sets how many replicas the app runs (null: as its image's daas.replicas label says), kept for
    /// every later release; the app's service is scaled in place, without a new release. Only on Swarm.
    /// </summary>
    public async Task<ActionOutcome<AppView>> SetReplicasAsync(string app, int? replicas, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return NotAnApp<AppView>(app);
        }

        if (!runtime.CanScale)
        {
            return ActionOutcome<AppView>.Conflict(
                $"app '{app}' runs as one container on a single engine; replicas need Docker Swarm (DOCKER_HOST a Swarm manager, ORCHESTRATOR auto or swarm)", "Not on Swarm");
        }

        if (replicas is < 1 or > ServiceLimits.MaxReplicas)
        {
            return ActionOutcome<AppView>.Invalid("replicas", $"replicas must be 1-{ServiceLimits.MaxReplicas}, or null to follow the image's {DaasLabels.Replicas} label");
        }

        // The running release and the one about to run must both allow it.
        foreach (var id in new[] { record.CurrentReleaseId, record.DesiredReleaseId }.OfType<long>().Distinct())
        {
            if (await releases.GetAsync(id, cancellationToken) is { Settings: { } settings } && ReplicaRule.Refusal(replicas ?? settings.Replicas, settings) is { } refusal)
            {
                return ActionOutcome<AppView>.Conflict($"app '{app}': {refusal}");
            }
        }

        if (!await apps.SetReplicasAsync(app, replicas, cancellationToken) || await views.FindAsync(app, cancellationToken) is not { } view)
        {
            return NotAnApp<AppView>(app); // deleted meanwhile
        }

        scheduler.Wake(app);
        return ActionOutcome<AppView>.Accepted(view);
    }

    /// <summary>The app's named volumes, where they are mounted and their size (-1 when the engine does not know it).</summary>
    public async Task<ActionOutcome<IReadOnlyList<VolumeView>>> ListVolumesAsync(string app, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is null)
        {
            return NotAnApp<IReadOnlyList<VolumeView>>(app);
        }

        var volumes = await runtime.ListVolumesAsync(app, cancellationToken);
        return ActionOutcome<IReadOnlyList<VolumeView>>.Done(volumes.Select(v => new VolumeView(v.Name, v.MountPath, v.SizeBytes)).ToList());
    }

    /// <summary>
    /// The answer to a call on <paramref name="name"/> that State has no app of: a Conflict when it
    /// is an attached container (DaaS does not manage it), else NotFound.
    /// </summary>
    public ActionOutcome<T> NotAnApp<T>(string name) =>
        views.IsAttached(name)
            ? ActionOutcome<T>.Conflict(
                $"'{name}' is a container DaaS did not start (routed by its network alias on '{options.NetworkName}'); manage it with docker", "Attached container")
            : UnknownApp<T>(name);

    /// <summary>The outcome for a name that is neither an app nor an attached container.</summary>
    public static ActionOutcome<T> UnknownApp<T>(string name) => ActionOutcome<T>.NotFound($"there is no app named '{name}'", "Unknown app");

    private async Task<ActionOutcome<AppView>> SetRunStateAsync(string app, AppRunState state, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return NotAnApp<AppView>(app);
        }

        if (record.RunState == state)
        {
            return ActionOutcome<AppView>.Conflict($"app '{app}' is already {(state == AppRunState.Stopped ? "stopped" : "running")}");
        }

        await apps.SetRunStateAsync(app, state, cancellationToken);
        scheduler.Wake(app);
        return ActionOutcome<AppView>.Accepted(await views.OfAsync(record with { RunState = state }, cancellationToken));
    }

    /// <summary>Null when the app exists and is not stopped, else the outcome to answer with.</summary>
    private async Task<ActionOutcome<T>?> CheckRunningAsync<T>(string app, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) switch
        {
            null => NotAnApp<T>(app),
            { RunState: AppRunState.Stopped } => ActionOutcome<T>.Conflict($"app '{app}' is stopped; start it first"),
            _ => null,
        };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvKeyPattern();
}
