using Daas.Hosting;
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
        pages.MapAppPages();
        pages.MapRegistryPages();
        pages.MapCertificatePages();
        // As MapFallback, but GET and HEAD only, so a wrong method elsewhere still gets its 405.
        pages.MapMethods("/{**path:nonfile}", [HttpMethods.Get, HttpMethods.Head], IResult (HttpContext context) => IsMachinePath(context.Request.Path)
                ? TypedResults.NotFound()
                : NotFoundPage())
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);

        return routes;
    }

    /// <summary>
    /// The group every HTML page and form post is mapped in: signed-in only (an endpoint may opt
    /// out with AllowAnonymous), not in OpenAPI, an antiforgery token required on every POST, PUT,
    /// PATCH and DELETE (a 400 without it, see <see cref="AntiforgeryRefusal"/>), and the
    /// antiforgery cookie set before the page renders: slices stream, so by the time the layout
    /// asks for a token the headers are sent; for the same reason the notice a form post left (<see cref="Notice"/>) is taken here.
    /// </summary>
    public static RouteGroupBuilder MapUiPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").RequireAuthorization().ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        pages.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context.HttpContext);
            Notice.Take(context.HttpContext);
            return next(context);
        });
        return pages;
    }

    /// <summary>Unknown paths under the API, metrics, registry and static files keep a bare 404: no page for machines.</summary>
    private static bool IsMachinePath(PathString path) => SessionCookie.IsBasicPath(path) || path.StartsWithSegments("/static");

    /// <summary>The UI's 404 page, for an unknown path or an app that does not exist.</summary>
    public static IResult NotFoundPage()
    {
        var slice = NotFound.Create();
        slice.StatusCode = StatusCodes.Status404NotFound;
        return slice;
    }
}
