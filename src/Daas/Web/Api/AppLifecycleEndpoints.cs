using Daas.Deploy;
using Daas.State;

namespace Daas.Web.Api;

/// <summary>
/// /api/apps/{app}/stop, start, restart and rollback. Each records what should be (durably, before
/// the answer) and wakes the app's deploy; restart and rollback make a new release that goes
/// through the same health gate as a push. A call that contradicts the app's state is a 409, and so
/// is any call on an attached container (DaaS did not start it and does not stop it).
/// </summary>
internal static class AppLifecycleEndpoints
{
    public static IEndpointRouteBuilder MapAppLifecycleEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/apps/{app}").RequireAuthorization();
        api.MapPost("/stop", StopAsync).WithName("StopApp").WithSummary("Stops the app's container; its route answers 502 until it is started.");
        api.MapPost("/start", StartAsync).WithName("StartApp").WithSummary("Starts a stopped app again.");
        api.MapPost("/restart", RestartAsync).WithName("RestartApp").WithSummary("Deploys the current release again as a new release (no downtime for start-first apps).");
        api.MapPost("/rollback", RollbackAsync).WithName("RollbackApp")
            .WithSummary("Deploys an earlier release's snapshot (digest, env, settings) as a new release: ?release=N, or by default the previous good one.");
        return routes;
    }

    private static async Task<IResult> StopAsync(string app, AppRepository apps, AppViews views, DeployScheduler scheduler, CancellationToken cancellationToken) =>
        await SetRunStateAsync(app, AppRunState.Stopped, apps, views, scheduler, cancellationToken);

    private static async Task<IResult> StartAsync(string app, AppRepository apps, AppViews views, DeployScheduler scheduler, CancellationToken cancellationToken) =>
        await SetRunStateAsync(app, AppRunState.Running, apps, views, scheduler, cancellationToken);

    private static async Task<IResult> SetRunStateAsync(string app, AppRunState state, AppRepository apps, AppViews views, DeployScheduler scheduler, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return views.NotAnApp(app);
        }

        if (record.RunState == state)
        {
            return ApiProblems.Conflict($"app '{app}' is already {(state == AppRunState.Stopped ? "stopped" : "running")}");
        }

        await apps.SetRunStateAsync(app, state, cancellationToken);
        scheduler.Wake(app);
        return TypedResults.Accepted($"/api/apps/{app}", await views.OfAsync(record with { RunState = state }, cancellationToken));
    }

    private static async Task<IResult> RestartAsync(string app, AppRepository apps, AppViews views, ReleaseRepository releases, DeployScheduler scheduler, CancellationToken cancellationToken)
    {
        if (await CheckRunningAsync(app, apps, views, cancellationToken) is { } problem)
        {
            return problem;
        }

        var record = (await apps.GetAsync(app, cancellationToken))!;
        if (record.CurrentReleaseId is not { } current || await releases.GetAsync(current, cancellationToken) is not { } release)
        {
            return ApiProblems.Conflict($"app '{app}' has no current release to restart");
        }

        if (record.HasPendingRelease)
        {
            // Restarting the current release now would undo the deploy under way once it finishes.
            return ApiProblems.Conflict($"app '{app}' is deploying a new release; it starts fresh anyway");
        }

        var created = await releases.CreateDesiredAsync(app, (_, _) => ReleasePlanner.ForRestart(release, "restarted through the API"), cancellationToken);
        scheduler.Wake(app);
        return TypedResults.Accepted($"/api/apps/{app}/releases", ReleaseView.Of(created!));
    }

    private static async Task<IResult> RollbackAsync(
        string app, int? release, AppRepository apps, AppViews views, ReleaseRepository releases, DeployScheduler scheduler, CancellationToken cancellationToken)
    {
        if (await CheckRunningAsync(app, apps, views, cancellationToken) is { } problem)
        {
            return problem;
        }

        var record = (await apps.GetAsync(app, cancellationToken))!;
        var (target, error) = ReleasePlanner.RollbackTarget(await releases.ListAsync(app, cancellationToken), record.CurrentReleaseId, release);
        if (target is null)
        {
            return release is null ? ApiProblems.Conflict($"app '{app}': {error}") : ApiProblems.NotFound($"app '{app}': {error}");
        }

        var created = await releases.CreateDesiredAsync(app, (_, _) => ReleasePlanner.ForRollback(target), cancellationToken);
        scheduler.Wake(app);
        return TypedResults.Accepted($"/api/apps/{app}/releases", ReleaseView.Of(created!));
    }

    private static async Task<IResult?> CheckRunningAsync(string app, AppRepository apps, AppViews views, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) switch
        {
            null => views.NotAnApp(app),
            { RunState: AppRunState.Stopped } => ApiProblems.Conflict($"app '{app}' is stopped; start it first"),
            _ => null,
        };
}
