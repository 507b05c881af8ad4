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
        // IResult named: the request delegate generator (Native AOT) cannot see the types other generators make.
        pages.MapGet("/", IResult () => Dashboard.Create());
        // As MapFallback, but GET and HEAD only, so a wrong method elsewhere still gets its 405.
        pages.MapMethods("/{**path:nonfile}", [HttpMethods.Get, HttpMethods.Head], IResult (HttpContext context) => IsMachinePath(context.Request.Path)
                ? TypedResults.NotFound()
                : WithStatus(NotFound.Create(), StatusCodes.Status404NotFound))
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = int.MaxValue);

        return routes;
    }

    /// <summary>
    /// The group every HTML page and form post is mapped in: signed-in only (an endpoint may opt
    /// out with AllowAnonymous), not in OpenAPI, an antiforgery token required on every POST, PUT,
    /// PATCH and DELETE (a 400 without it, see <see cref="AntiforgeryRefusal"/>), and the
    /// antiforgery cookie set before the page renders: slices stream, so by the time the layout
    /// asks for a token the headers are sent.
    /// </summary>
    public static RouteGroupBuilder MapUiPages(this IEndpointRouteBuilder routes)
    {
        var pages = routes.MapGroup("").RequireAuthorization().ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        pages.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context.HttpContext);
            return next(context);
        });
        return pages;
    }

    /// <summary>Unknown paths under the API, metrics, registry and static files keep a bare 404: no page for machines.</summary>
    private static bool IsMachinePath(PathString path) => SessionCookie.IsBasicPath(path) || path.StartsWithSegments("/static");

    private static RazorSlices.RazorSlice WithStatus(RazorSlices.RazorSlice slice, int status)
    {
        slice.StatusCode = status;
        return slice;
    }
}
