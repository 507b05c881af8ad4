using Daas.Routing;
using Daas.State;

namespace Daas.Web.Api;

/// <summary>An app's state as a user sees it.</summary>
internal enum AppState
{
    /// <summary>Its current release serves.</summary>
    Running,

    /// <summary>A newer release is being deployed.</summary>
    Deploying,

    /// <summary>Nothing serves although it should: its release failed or its container is down.</summary>
    Failed,

    /// <summary>Stopped through the API.</summary>
    Stopped,
}

/// <summary>An app as the API shows it.</summary>
internal sealed record AppView(string Name, string Url, AppState State, ReleaseView? CurrentRelease, int? DesiredRelease);

/// <summary>A release as the API shows it; env values are left out (GET .../env has them).</summary>
internal sealed record ReleaseView(
    int Number,
    string Digest,
    ReleaseTrigger Trigger,
    ReleaseState State,
    string? Reason,
    int? RollbackOf,
    int? Port,
    DeployStrategy? Strategy,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<string> EnvKeys,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static ReleaseView Of(ReleaseRecord r) => new(
        r.Number, r.Digest, r.Trigger, r.State, r.Reason, r.Trigger == ReleaseTrigger.Rollback ? r.SourceNumber : null,
        r.Settings?.Port, r.Settings?.Strategy, r.Settings?.Volumes ?? [], r.Env.Keys.ToList(), r.CreatedAt, r.FinishedAt);
}

/// <summary>Builds <see cref="AppView"/>s from State and the proxy's current routes.</summary>
internal sealed class AppViews(ReleaseRepository releases, RouteTable routes, DaasOptions options)
{
    public async Task<AppView> OfAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var current = app.CurrentReleaseId is { } id ? await releases.GetAsync(id, cancellationToken) : null;
        var desired = app.DesiredReleaseId is { } d && d != app.CurrentReleaseId ? await releases.GetAsync(d, cancellationToken) : current;
        var state = app.RunState == AppRunState.Stopped ? AppState.Stopped
            : app.HasPendingRelease ? AppState.Deploying
            : routes.Find(app.Name) is { Destinations.Count: > 0 } ? AppState.Running
            : AppState.Failed;
        return new AppView(app.Name, $"http://{app.Name}.{options.DomainName}/", state, current is null ? null : ReleaseView.Of(current), desired?.Number);
    }
}
