using Daas.State;
using Daas.Web.Actions;
using Daas.Web.Api;
using Daas.Web.Slices;

namespace Daas.Web.Ui;

/// <summary>
/// The dashboard and each app's page, with the forms that act on an app. Every action goes through
/// <see cref="AppActions"/>, as the API's do, so both answer with the same checks and words.
/// </summary>
internal static class AppPages
{
    public static RouteGroupBuilder MapAppPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", DashboardAsync);
        pages.MapGet("/fragments/apps", AppsPanelAsync);
        pages.MapGet("/apps/{app}", AppAsync);
        pages.MapGet("/fragments/apps/{app}/releases", ReleasesPanelAsync);
        pages.MapGet("/apps/{app}/delete", ConfirmDeleteAsync);
        pages.MapPost("/apps/{app}/delete", DeleteAsync);
        pages.MapPost("/apps/{app}/env", SaveEnvAsync);
        pages.MapPost("/apps/{app}/rollback", RollbackAsync);
        pages.MapPost("/apps/{app}/restart", RestartAsync);
        pages.MapPost("/apps/{app}/stop", StopAsync);
        pages.MapPost("/apps/{app}/start", StartAsync);
        return pages;
    }

    private static async Task<IResult> DashboardAsync(AppViews views, DaasOptions options, TimeProvider time, CancellationToken cancellationToken) =>
        Dashboard.Create(new DashboardModel(await views.ListAsync(cancellationToken), options.DomainName, time.GetUtcNow()));

    private static async Task<IResult> AppsPanelAsync(AppViews views, DaasOptions options, TimeProvider time, CancellationToken cancellationToken) =>
        AppsPanel.Create(new DashboardModel(await views.ListAsync(cancellationToken), options.DomainName, time.GetUtcNow()));

    private static async Task<IResult> AppAsync(string app, AppViews views, AppActions actions, ReleaseRepository releases, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await views.FindAsync(app, cancellationToken) is not { } view)
        {
            return UiEndpoints.NotFoundPage();
        }

        var env = (await actions.GetEnvAsync(app, cancellationToken)).Value ?? [];
        var volumes = (await actions.ListVolumesAsync(app, cancellationToken)).Value ?? [];
        return AppPage.Create(new AppPageModel(view, await ReleasesOfAsync(view, releases, time, cancellationToken), env, volumes));
    }

    private static async Task<IResult> ReleasesPanelAsync(string app, HttpContext context, AppViews views, ReleaseRepository releases, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await views.FindAsync(app, cancellationToken) is { } view)
        {
            return ReleasesPanel.Create(await ReleasesOfAsync(view, releases, time, cancellationToken, outOfBandSummary: true));
        }

        // Deleted meanwhile (in another tab, or through the API): the polling page goes to the dashboard and says why.
        Notice.Leave(context, NoticeKind.Refused, $"The app '{app}' no longer exists.");
        context.Response.Headers["HX-Redirect"] = "/";
        return UiEndpoints.NotFoundPage();
    }

    private static async Task<ReleasesPanelModel> ReleasesOfAsync(AppView view, ReleaseRepository releases, TimeProvider time, CancellationToken cancellationToken, bool outOfBandSummary = false) =>
        new(view, (await releases.ListAsync(view.Name, cancellationToken)).Select(ReleaseView.Of).ToList(), time.GetUtcNow(), outOfBandSummary);

    private static async Task<IResult> ConfirmDeleteAsync(string app, AppViews views, AppActions actions, RegistryActions registry, CancellationToken cancellationToken)
    {
        if (await views.FindAsync(app, cancellationToken) is not { Attached: false } view)
        {
            return UiEndpoints.NotFoundPage();
        }

        var volumes = (await actions.ListVolumesAsync(app, cancellationToken)).Value ?? [];
        var repository = (await registry.ListRepositoriesAsync(cancellationToken)).FirstOrDefault(r => r.Name == app);
        return DeleteApp.Create(new DeleteAppModel(view, volumes, repository));
    }

    private static async Task<IResult> DeleteAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var outcome = await actions.DeleteAsync(app, form["data"] == "true", cancellationToken);
        return UiOutcome.Redirect(context, outcome, deleted => deleted.DataRemoved
            ? $"Deleted {deleted.Name} with its data ({deleted.VolumesRemoved} volumes{(deleted.ImagesRemoved ? " and its images" : "")})."
            : $"Deleted {deleted.Name}; its volumes and images are kept.", "/");
    }

    private static async Task<IResult> SaveEnvAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken)
    {
        var (env, error) = EnvForm.Read(await context.Request.ReadFormAsync(cancellationToken));
        if (env is null)
        {
            return UiOutcome.Refused(context, error!, $"/apps/{app}");
        }

        var outcome = await actions.SetEnvAsync(app, env, cancellationToken);
        return UiOutcome.Redirect(context, outcome, saved => $"Saved {saved.Count} variable{(saved.Count == 1 ? "" : "s")}; a new release with them is being deployed.", $"/apps/{app}");
    }

    private static async Task<IResult> RollbackAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        int? release = int.TryParse(form["release"], out var number) ? number : null;
        var outcome = await actions.RollbackAsync(app, release, cancellationToken);
        return UiOutcome.Redirect(context, outcome, created => $"Rolling back: release {created.Number}, a copy of release {created.RollbackOf}, is being deployed.", $"/apps/{app}");
    }

    private static async Task<IResult> RestartAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken) =>
        UiOutcome.Redirect(context, await actions.RestartAsync(app, cancellationToken), created => $"Restarting: release {created.Number} is being deployed.", $"/apps/{app}");

    private static async Task<IResult> StopAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken) =>
        UiOutcome.Redirect(context, await actions.StopAsync(app, cancellationToken), _ => $"Stopping {app}: requests in flight finish first.", $"/apps/{app}");

    private static async Task<IResult> StartAsync(string app, HttpContext context, AppActions actions, CancellationToken cancellationToken) =>
        UiOutcome.Redirect(context, await actions.StartAsync(app, cancellationToken), _ => $"Starting {app}.", $"/apps/{app}");
}
