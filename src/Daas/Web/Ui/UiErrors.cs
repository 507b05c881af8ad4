using Daas.Hosting;
using Daas.Web.Slices;
using Microsoft.AspNetCore.Diagnostics;

namespace Daas.Web.Ui;

/// <summary>
/// What an unhandled exception on DaaS's host answers: a problem+json 500 without details for
/// machine paths (/api, /v2, /metrics, /openapi), a plain HTML page otherwise. Never a stack
/// trace: the exception goes to the log only (ExceptionHandlerMiddleware logs it).
/// </summary>
internal static class UiErrors
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers.CacheControl = "no-store";
        if (SessionCookie.IsBasicPath(context.Request.Path))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error",
                detail: "DaaS could not answer this request; the error is in its log").ExecuteAsync(context);
        }

        // A slice sets its own status (200 unless told), over the one set above.
        var page = Error.Create();
        page.StatusCode = StatusCodes.Status500InternalServerError;
        return ((IResult)page).ExecuteAsync(context);
    }

    /// <summary>
    /// Replaces the developer exception page (which WebApplication adds when
    /// ASPNETCORE_ENVIRONMENT=Development and which shows the stack trace) with the same plain answer.
    /// </summary>
    public sealed class NoDeveloperPage : IDeveloperPageExceptionFilter
    {
        public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next) => WriteAsync(errorContext.HttpContext);
    }
}
