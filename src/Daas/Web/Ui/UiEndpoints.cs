using Daas.Web.Slices;
using Microsoft.AspNetCore.Antiforgery;

namespace Daas.Web.Ui;

/// <summary>
/// The UI's pages: each a RazorSlice in the <see cref="MapUiPages"/> group, behind the default
/// policy (Basic or the session cookie; without either a browser is sent to /sign-in). Unknown
/// UI paths get the UI's 404 page; unknown machine paths keep their bare 404.
/// </summary>
internal static class UiEndpoints
{
    public static IEndpointRouteBuilder MapUiEndpoints(this IEndpointRouteBuilder routes)
    {
        StaticAssets.MapStaticAssets(routes);
        var pages = routes.MapUiPages();
        pages.MapSignInEndpoints();
        pages.MapGet("/", () => Dashboard.Create());
        pages.MapFallback(() => WithStatus(NotFound.Create(), StatusCodes.Status404NotFound));
        foreach (var prefix in (string[])["/api", "/metrics", "/openapi", "/v2", "/static"])
        {
            routes.MapFallback($"{prefix}/{{**rest}}", () => TypedResults.NotFound()).ExcludeFromDescription();
        }

        return routes;
    }

    /// <summary>
    /// The group every HTML page is mapped in: signed-in only (an endpoint may opt out with
    /// AllowAnonymous), not in OpenAPI, and with the antiforgery cookie set before the page
    /// renders: slices stream, so by the time the layout asks for a token the headers are sent.
    /// </summary>
    public static RouteGroupBuilder MapUiPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").RequireAuthorization().ExcludeFromDescription();
        pages.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context.HttpContext);
            return next(context);
        });
        return pages;
    }

    private static RazorSlices.RazorSlice WithStatus(RazorSlices.RazorSlice slice, int status)
    {
        slice.StatusCode = status;
        return slice;
    }
}
