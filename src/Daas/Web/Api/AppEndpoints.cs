using Daas.State;
using Daas.Web.Actions;

namespace Daas.Web.Api;

/// <summary>
/// /api/apps: list apps, show one, delete one, list its releases and volumes, read and replace its
/// env vars, set its replicas. The work is <see cref="AppActions"/>'s; these map its outcomes to HTTP. Attached
/// containers (routed by their network alias) are listed and shown; a change to one is a 409.
/// </summary>
internal static class AppEndpoints
{
    public static IEndpointRouteBuilder MapAppEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/apps").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListApps")
            .WithSummary("Lists the apps with their state and current release, and the attached containers (attached: true) routed by their network alias.")
            .Produces<List<AppView>>();
        api.MapGet("/{app}", GetAsync).WithName("GetApp").WithSummary("Shows one app.")
            .Produces<AppView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{app}", DeleteAsync).WithName("DeleteApp")
            .WithSummary("Removes the app's containers and route; with ?data=true also its volumes and registry images.")
            .Produces<DeletedView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{app}/releases", ReleasesAsync).WithName("ListReleases").WithSummary("Lists an app's releases, newest first.")
            .Produces<List<ReleaseView>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{app}/env", GetEnvAsync).WithName("GetEnv").WithSummary("Returns an app's env vars (those of its newest release).")
            .Produces<SortedDictionary<string, string>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/{app}/env", PutEnvAsync).WithName("PutEnv").WithSummary("Replaces an app's env vars and deploys them as a new release.")
            .Produces<SortedDictionary<string, string>>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/{app}/replicas", PutReplicasAsync).WithName("PutReplicas")
            .WithSummary("Sets how many replicas (Swarm tasks) the app runs, {\"replicas\": 3}, or {\"replicas\": null} to follow its image's daas.replicas label. Swarm only; the service is scaled in place.")
            .Produces<AppView>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{app}/volumes", VolumesAsync).WithName("ListVolumes")
            .WithSummary("Lists an app's named volumes: the Docker volume, its mount path and size in bytes (-1 when Docker does not know it).")
            .Produces<List<VolumeView>>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> ListAsync(AppViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string app, AppViews views, CancellationToken cancellationToken) =>
        await views.FindAsync(app, cancellationToken) is { } view ? TypedResults.Ok(view) : ApiProblems.UnknownApp(app);

    private static async Task<IResult> DeleteAsync(string app, bool? data, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.DeleteAsync(app, data == true, cancellationToken));

    private static async Task<IResult> ReleasesAsync(string app, AppRepository apps, AppViews views, ReleaseRepository releases, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) is not null ? TypedResults.Ok((await releases.ListAsync(app, cancellationToken)).Select(ReleaseView.Of).ToList())
            : views.IsAttached(app) ? TypedResults.Ok(new List<ReleaseView>()) // DaaS made no release of it
            : ApiProblems.UnknownApp(app);

    private static async Task<IResult> GetEnvAsync(string app, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.GetEnvAsync(app, cancellationToken));

    private static async Task<IResult> PutEnvAsync(string app, Dictionary<string, string> env, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.SetEnvAsync(app, env, cancellationToken), $"/api/apps/{app}/env");

    private static async Task<IResult> PutReplicasAsync(string app, ReplicasRequest body, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.SetReplicasAsync(app, body.Replicas, cancellationToken), $"/api/apps/{app}");

    private static async Task<IResult> VolumesAsync(string app, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.ListVolumesAsync(app, cancellationToken));
}
