using Daas.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Daas.Web.Ui;

/// <summary>
/// Composes the UI (pages, sign-in, static files, antiforgery) and the protections of DaaS's
/// own host: error answers without stack traces, security headers, and the cross-site guard.
/// </summary>
internal static class UiExtensions
{
    public static IHostApplicationBuilder AddUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StaticAssets>();
        builder.Services.AddSingleton<IDeveloperPageExceptionFilter, UiErrors.NoDeveloperPage>();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "daas_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.HeaderName = Csrf.HeaderName;
            // SecurityHeaders sends X-Frame-Options: DENY on every answer.
            antiforgery.SuppressXFrameOptionsHeader = true;
        });
        return builder;
    }

    /// <summary>
    /// After the proxy (app traffic never gets here), before routing: the exception handler, the
    /// security headers, then the refusal of cross-site unsafe requests, for every path of
    /// DaaS's host: the registry, the API and the UI alike.
    /// </summary>
    public static IApplicationBuilder UseDaasHostSecurity(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UiErrors.WriteAsync });
        return app.Use(next => context =>
        {
            SecurityHeaders.AddTo(context.Response);
            var request = context.Request;
            if (CrossSiteRule.IsUnsafe(request.Method)
                && CrossSiteRule.IsForeign(request.Headers["Sec-Fetch-Site"], request.Headers.Origin, request.Scheme, request.Host))
            {
                return RefuseAsync(context);
            }

            return next(context);
        });
    }

    private static Task RefuseAsync(HttpContext context)
    {
        const string Detail = "a request from another site may not change anything here";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (SessionCookie.IsBasicPath(context.Request.Path))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request", detail: Detail).ExecuteAsync(context);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Refused: {Detail}.</p></body></html>\n",
            context.RequestAborted);
    }
}
