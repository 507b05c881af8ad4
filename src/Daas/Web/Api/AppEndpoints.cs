using System.Text.RegularExpressions;
using Daas.Deploy;
using Daas.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Daas.Web.Api;

/// <summary>An app as the API shows it.</summary>
internal sealed record AppView(string Name, string Url, ReleaseRecord? CurrentRelease);

/// <summary>
/// /api/apps: list apps, show one with its releases, read and replace its env vars. Replacing
/// env vars redeploys the current release with them.
/// </summary>
internal static partial class AppEndpoints
{
    public static IEndpointRouteBuilder MapAppEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/apps").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListApps").WithSummary("Lists the apps with their current release.");
        api.MapGet("/{app}/releases", ReleasesAsync).WithName("ListReleases").WithSummary("Lists an app's releases, newest first.");
        api.MapGet("/{app}/env", GetEnvAsync).WithName("GetEnv").WithSummary("Returns an app's env vars.");
        api.MapPut("/{app}/env", PutEnvAsync).WithName("PutEnv").WithSummary("Replaces an app's env vars and redeploys it with them.");
        return routes;
    }

    private static async Task<Ok<List<AppView>>> ListAsync(AppRepository apps, ReleaseRepository releases, DaasOptions options, CancellationToken cancellationToken)
    {
        var views = new List<AppView>();
        foreach (var app in await apps.ListAsync(cancellationToken))
        {
            var release = app.CurrentReleaseId is { } id ? await releases.GetAsync(id, cancellationToken) : null;
            views.Add(new AppView(app.Name, $"http://{app.Name}.{options.DomainName}/", release));
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReleaseRecord>>, NotFound>> ReleasesAsync(string app, AppRepository apps, ReleaseRepository releases, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await releases.ListAsync(app, cancellationToken));

    private static async Task<Results<Ok<SortedDictionary<string, string>>, NotFound>> GetEnvAsync(string app, AppRepository apps, CancellationToken cancellationToken) =>
        await apps.GetAsync(app, cancellationToken) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await apps.GetEnvAsync(app, cancellationToken));

    private static async Task<Results<Accepted<SortedDictionary<string, string>>, NotFound, ValidationProblem>> PutEnvAsync(
        string app, Dictionary<string, string> env, AppRepository apps, DeployQueue deploys, CancellationToken cancellationToken)
    {
        if (await apps.GetAsync(app, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var invalid = env.Keys.Where(key => !EnvKeyPattern().IsMatch(key)).ToList();
        if (invalid.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["env"] = [$"invalid variable names: {string.Join(", ", invalid)} (letters, digits and '_', not starting with a digit)"],
            });
        }

        await apps.SetEnvAsync(app, env, cancellationToken);
        deploys.Enqueue(new DeployRequest(app, null, "env vars changed"));
        return TypedResults.Accepted($"/api/apps/{app}/env", new SortedDictionary<string, string>(env, StringComparer.Ordinal));
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvKeyPattern();
}
