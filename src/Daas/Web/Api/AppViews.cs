using Daas.Deploy.Runtime;
using Daas.Metrics;
using Daas.Routing;
using Daas.State;
using Daas.Tls;

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
/// <see cref="Image"/> is what <c>docker pull</c> names (DOMAIN_NAME/app), <see cref="Digest"/>
/// the current release's; <see cref="StartedAt"/> and <see cref="Health"/> are those of the serving
/// instance; <see cref="LastDeploy"/> is the newest release whatever its state (its state and reason
/// tell how the last deploy went); <see cref="Certificate"/> is the state of &lt;app&gt;.DOMAIN_NAME's
/// certificate (null when none is managed); <see cref="RequestsPerMinute"/> counts the requests
/// proxied to it over the last minute.
/// </summary>
internal sealed record AppView(string Name, string Url, AppState State, ReleaseView? CurrentRelease, int? DesiredRelease, bool Attached = false)
{
    public string Image { get; init; } = "";

    public string? Digest { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public AppHealth Health { get; init; } = AppHealth.Down;

    public ReleaseView? LastDeploy { get; init; }

    public CertificateState? Certificate { get; init; }

    public double RequestsPerMinute { get; init; }

    /// <summary>The replicas the app asks for: the API's count, else its image's daas.replicas, else 1 (always 1 on a single engine).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Whether <see cref="Replicas"/> was set through the API (PUT .../replicas) rather than by the image.</summary>
    public bool ReplicasSet { get; init; }

    /// <summary>How many of the current release's processes (containers or tasks) serve now.</summary>
    public int RunningReplicas { get; init; }
}

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

/// <summary>
/// Builds <see cref="AppView"/>s from State, the proxy's current routes (which also hold the
/// attached containers), the runtime's instances (one list call for all apps, one inspect per
/// serving instance for its start time), the certificates' states and the request rates.
/// </summary>
internal sealed class AppViews(
    AppRepository apps, ReleaseRepository releases, RouteTable routes, IAppRuntime runtime, CertificateManager certificates, RequestRates rates, DaasOptions options)
{
    /// <summary>DaaS's apps and the attached containers' routes, by name.</summary>
    public async Task<List<AppView>> ListAsync(CancellationToken cancellationToken)
    {
        var instances = (await runtime.ListAsync(null, cancellationToken)).ToLookup(i => i.App, StringComparer.Ordinal);
        var hosts = Certificates();
        var list = new List<AppView>();
        foreach (var app in await apps.ListAsync(cancellationToken))
        {
            list.Add(await OfAsync(app, instances[app.Name], hosts, cancellationToken));
        }

        list.AddRange(routes.Current.Apps.Values.Where(a => a.Route.Attached).Select(a => OfAttached(a.Route, hosts)));
        return list.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The app or attached container named <paramref name="name"/>, or null when there is neither.</summary>
    public async Task<AppView?> FindAsync(string name, CancellationToken cancellationToken) =>
        await apps.GetAsync(name, cancellationToken) is { } app ? await OfAsync(app, cancellationToken)
            : routes.Find(name) is { Attached: true } attached ? OfAttached(attached, Certificates())
            : null;

    /// <summary>True when <paramref name="name"/> is only an attached container's alias (the caller found no app of that name).</summary>
    public bool IsAttached(string name) => routes.Find(name) is { Attached: true };

    public async Task<AppView> OfAsync(AppRecord app, CancellationToken cancellationToken) =>
        await OfAsync(app, await runtime.ListAsync(app.Name, cancellationToken), Certificates(), cancellationToken);

    private async Task<AppView> OfAsync(AppRecord app, IEnumerable<AppInstance> instances, Dictionary<string, CertificateState> hosts, CancellationToken cancellationToken)
    {
        var current = app.CurrentReleaseId is { } id ? await releases.GetAsync(id, cancellationToken) : null;
        var desired = app.DesiredReleaseId is { } d && d != app.CurrentReleaseId ? await releases.GetAsync(d, cancellationToken) : current;
        var newest = await releases.NewestAsync(app.Name, cancellationToken);
        var state = app.RunState == AppRunState.Stopped ? AppState.Stopped
            : app.HasPendingRelease ? AppState.Deploying
            : routes.Find(app.Name) is { Destinations.Count: > 0 } ? AppState.Running
            : AppState.Failed;
        var running = instances.Where(i => i.State == InstanceState.Running).ToList();
        var serving = running.FirstOrDefault(i => i.ReleaseId == app.CurrentReleaseId) ?? running.FirstOrDefault();
        var startedAt = serving is null ? null : (await runtime.InspectAsync(serving.Id, cancellationToken))?.StartedAt;
        return new AppView(app.Name, UrlOf(app.Name), state, current is null ? null : ReleaseView.Of(current), desired?.Number)
        {
            Image = $"{options.DomainName}/{app.Name}",
            Digest = current?.Digest,
            StartedAt = startedAt,
            Health = serving is null ? AppHealth.Down : HealthOf(serving.Health),
            LastDeploy = newest is null ? null : ReleaseView.Of(newest),
            Certificate = hosts.TryGetValue(HostOf(app.Name), out var certificate) ? certificate : null,
            RequestsPerMinute = rates.PerMinute(app.Name),
            Replicas = runtime.CanScale && (current ?? desired)?.Settings is { } settings ? app.ReplicasFor(settings) : app.Replicas ?? 1,
            ReplicasSet = app.Replicas is not null,
            RunningReplicas = running.Where(i => i.ReleaseId == app.CurrentReleaseId).Sum(i => i.Endpoints.Count),
        };
    }

    private AppView OfAttached(AppRoute route, Dictionary<string, CertificateState> hosts) =>
        new(route.App, UrlOf(route.App), route.Destinations.Count > 0 ? AppState.Running : AppState.Failed, null, null, Attached: true)
        {
            Image = $"{options.DomainName}/{route.App}",
            Health = route.Destinations.Count > 0 ? AppHealth.None : AppHealth.Down,
            Certificate = hosts.TryGetValue(HostOf(route.App), out var certificate) ? certificate : null,
            RequestsPerMinute = rates.PerMinute(route.App),
        };

    private static AppHealth HealthOf(InstanceHealth health) => health switch
    {
        InstanceHealth.Starting => AppHealth.Starting,
        InstanceHealth.Healthy => AppHealth.Healthy,
        InstanceHealth.Unhealthy => AppHealth.Unhealthy,
        _ => AppHealth.None,
    };

    private Dictionary<string, CertificateState> Certificates() =>
        certificates.Statuses().ToDictionary(s => s.Host, s => s.State, StringComparer.OrdinalIgnoreCase);

    private string HostOf(string app) => $"{app}.{options.DomainName}";

    private string UrlOf(string app) => $"http://{HostOf(app)}/";
}

/// <summary>The body of PUT /api/apps/{app}/replicas.</summary>
internal sealed record ReplicasRequest(int? Replicas);
