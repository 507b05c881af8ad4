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

/// <summary>
/// An app as the API shows it. <see cref="Attached"/>: a container DaaS did not start, routed by
/// its network alias; it has no releases, and DaaS does not deploy, roll back or stop it.
/// </summary>
internal sealed record AppView(string Name, string Url, AppState State, ReleaseView? CurrentRelease, int? DesiredRelease, bool Attached = false);

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

/// <summary>Builds <see cref="AppView"/>s from State and the proxy's current routes (which also hold the attached containers).</summary>
internal sealed class AppViews(AppRepository apps, ReleaseRepository releases, RouteTable routes, DaasOptions options)
{
    /// <summary>DaaS's apps and the attached containers' routes, by name.</summary>
    public async Task<List<AppView>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<AppView>();
        foreach (var app in await apps.ListAsync(cancellationToken))
        {
            list.Add(await OfAsync(app, cancellationToken));
        }

        list.AddRange(routes.Current.Apps.Values.Where(a => a.Route.Attached).Select(a => OfAttached(a.Route)));
        return list.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The app or attached container named <paramref name="name"/>, or null when there is neither.</summary>
    public async Task<AppView?> FindAsync(string name, CancellationToken cancellationToken) =>
        await apps.GetAsync(name, cancellationToken) is { } app ? await OfAsync(app, cancellationToken)
            : routes.Find(name) is { Attached: true } attached ? OfAttached(attached)
            : null;

    /// <summary>
    /// The answer to a call on <paramref name="name"/> that State has no app of: 409 when it is an
    /// attached container (DaaS does not manage it), else 404.
    /// </summary>
    public IResult NotAnApp(string name) =>
        routes.Find(name) is { Attached: true } ? ApiProblems.AttachedContainer(name, options.NetworkName) : ApiProblems.UnknownApp(name);

    /// <summary>True when <paramref name="name"/> is only an attached container's alias (the caller found no app of that name).</summary>
    public bool IsAttached(string name) => routes.Find(name) is { Attached: true };

    public async Task<AppView> OfAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var current = app.CurrentReleaseId is { } id ? await releases.GetAsync(id, cancellationToken) : null;
        var desired = app.DesiredReleaseId is { } d && d != app.CurrentReleaseId ? await releases.GetAsync(d, cancellationToken) : current;
        var state = app.RunState == AppRunState.Stopped ? AppState.Stopped
            : app.HasPendingRelease ? AppState.Deploying
            : routes.Find(app.Name) is { Destinations.Count: > 0 } ? AppState.Running
            : AppState.Failed;
        return new AppView(app.Name, UrlOf(app.Name), state, current is null ? null : ReleaseView.Of(current), desired?.Number);
    }

    private AppView OfAttached(AppRoute route) =>
        new(route.App, UrlOf(route.App), route.Destinations.Count > 0 ? AppState.Running : AppState.Failed, null, null, Attached: true);

    private string UrlOf(string app) => $"http://{app}.{options.DomainName}/";
}
