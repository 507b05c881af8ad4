using Microsoft.AspNetCore.Antiforgery;

namespace Daas.Web.Ui;

/// <summary>
/// Answers 400 when the antiforgery middleware found a UI post's token missing or wrong, before
/// the endpoint runs. Minimal APIs' own check does not cover every case: the request delegate
/// generator's form binding (the Native AOT build) reads the form without looking and throws,
/// and an endpoint without form parameters (sign-out) would never look at all.
/// </summary>
internal static class AntiforgeryRefusal
{
    public static IApplicationBuilder UseUiAntiforgery(this IApplicationBuilder app)
    {
        app.UseAntiforgery();
        return app.Use(next => context =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(
                    "<!doctype html><html lang=\"en\"><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1>"
                    + "<p>This form was not sent from DaaS's own page, or it has expired. Reload the page and try again.</p></body></html>\n",
                    context.RequestAborted);
            }

            return next(context);
        });
    }
}
