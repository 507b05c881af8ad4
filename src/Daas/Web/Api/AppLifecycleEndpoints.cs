using Daas.Web.Actions;

namespace Daas.Web.Api;

/// <summary>
/// /api/apps/{app}/stop, start, restart and rollback: each maps an <see cref="AppActions"/>
/// outcome to HTTP. A change is recorded before the 202; the app's deploy carries it out.
/// </summary>
internal static class AppLifecycleEndpoints
{
    public static IEndpointRouteBuilder MapAppLifecycleEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/apps/{app}").RequireAuthorization();
        api.MapPost("/stop", StopAsync).WithName("StopApp").WithSummary("Stops the app's container; its route answers 502 until it is started.")
            .Produces<AppView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/start", StartAsync).WithName("StartApp").WithSummary("Starts a stopped app again.")
            .Produces<AppView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/restart", RestartAsync).WithName("RestartApp").WithSummary("Deploys the current release again as a new release (no downtime for start-first apps).")
            .Produces<ReleaseView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/rollback", RollbackAsync).WithName("RollbackApp")
            .WithSummary("Deploys an earlier release's snapshot (digest, env, settings) as a new release: ?release=N, or by default the previous good one.")
            .Produces<ReleaseView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> StopAsync(string app, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.StopAsync(app, cancellationToken), $"/api/apps/{app}");

    private static async Task<IResult> StartAsync(string app, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.StartAsync(app, cancellationToken), $"/api/apps/{app}");

    private static async Task<IResult> RestartAsync(string app, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.RestartAsync(app, cancellationToken), $"/api/apps/{app}/releases");

    private static async Task<IResult> RollbackAsync(string app, int? release, AppActions actions, CancellationToken cancellationToken) =>
        ApiResults.Of(await actions.RollbackAsync(app, release, cancellationToken), $"/api/apps/{app}/releases");
}
