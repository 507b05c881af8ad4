using System.Text.RegularExpressions;
using Daas.Deploy;
using Daas.Deploy.Runtime;
using Daas.Registry.Storage;
using Daas.State;

namespace Daas.Web.Api;

/// <summary>What DELETE /api/apps/{app} removed.</summary>
internal sealed record DeletedView(string Name, bool DataRemoved, int VolumesRemoved, bool ImagesRemoved);

/// <summary>
/// /api/apps: list apps, show one, delete one, list its releases, read and replace its env vars.
/// Replacing env vars records a new release (durably, before the answer) and deploys it. Attached
/// containers (routed by their network alias) are listed and shown; a change to one is a 409.
/// </summary>
internal static partial class AppEndpoints
{
    public static IEndpointRouteBuilder MapAppEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/apps").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListApps")
            .WithSummary("Lists the apps with their state and current release, and the attached containers (attached: true) routed by their network alias.");
        api.MapGet("/{app}", GetAsync).WithName("GetApp").WithSummary("Shows one app.");
        api.MapDelete("/{app}", DeleteAsync).WithName("DeleteApp")
            .WithSummary("Removes the app's containers and route; with ?data=true also its volumes and registry images.");
        api.MapGet("/{app}/releases", ReleasesAsync).WithName("ListReleases").WithSummary("Lists an app's releases, newest first.");
        api.MapGet("/{app}/env", GetEnvAsync).WithName("GetEnv").WithSummary("Returns an app's env vars (those of its newest release).");
        api.MapPut("/{app}/env", PutEnvAsync).WithName("PutEnv").WithSummary("Replaces an app's env vars and deploys them as a new release.");
        return routes;
    }

    private static async Task<IResult> ListAsync(AppViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.ListAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string app, AppViews views, CancellationToken cancellationToken) =>
        await views.FindAsync(app, cancellationToken) is { } view ? TypedResults.Ok(view) : ApiProblems.UnknownApp(app);

    /// <summary>
    /// While no converge of the app runs: the row goes first (so nothing deploys it again), then,
    /// whatever the client does meanwhile, its containers and route, and with ?data=true every
    /// container still draining, its volumes and images. Only the row is durable: a crash after it
    /// leaves containers that the next converge removes, and volumes that a second delete cannot name.
    /// </summary>
    private static async Task<IResult> DeleteAsync(
        string app, bool? data, AppRepository apps, AppViews views, DeployScheduler scheduler, AppConverger converger, IAppRuntime runtime, RepositoryEraser registry, CancellationToken cancellationToken)
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
            if (data == true)
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
        return found ? TypedResults.Ok(new DeletedView(app, data == true, volumes, images)) : views.NotAnApp(app);
    }

    private static async Task<IResult> ReleasesAsync(string app, AppRepository apps, AppViews views, ReleaseRepository releases, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) is not null ? TypedResults.Ok((await releases.ListAsync(app, cancellationToken)).Select(ReleaseView.Of).ToList())
            : views.IsAttached(app) ? TypedResults.Ok(new List<ReleaseView>()) // DaaS made no release of it
            : ApiProblems.UnknownApp(app);

    private static async Task<IResult> GetEnvAsync(string app, AppRepository apps, AppViews views, ReleaseRepository releases, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return views.NotAnApp(app);
        }

        var release = await releases.NewestAsync(record.Name, cancellationToken);
        return TypedResults.Ok(release?.Env ?? new SortedDictionary<string, string>(StringComparer.Ordinal));
    }

    private static async Task<IResult> PutEnvAsync(
        string app, Dictionary<string, string> env, AppRepository apps, AppViews views, ReleaseRepository releases, DeployScheduler scheduler, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return views.NotAnApp(app);
        }

        var invalid = env.Keys.Where(key => !EnvKeyPattern().IsMatch(key)).ToList();
        if (invalid.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["env"] = [$"invalid variable names: {string.Join(", ", invalid)} (letters, digits and '_', not starting with a digit)"],
            });
        }

        if (await releases.NewestAsync(record.Name, cancellationToken) is null)
        {
            return ApiProblems.Conflict($"app '{app}' has no release yet; push an image first");
        }

        var sorted = new SortedDictionary<string, string>(env, StringComparer.Ordinal);
        await releases.CreateDesiredAsync(app, (desired, newest) => ReleasePlanner.ForEnv(desired, newest, sorted), cancellationToken);
        scheduler.Wake(app);
        return TypedResults.Accepted($"/api/apps/{app}/env", sorted);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvKeyPattern();
}
