namespace Daas.Routing;

/// <summary>The plain pages DaaS answers with when it cannot forward; they name no internals.</summary>
internal static class ErrorPages
{
    public static Task WriteAsync(HttpContext context, int status)
    {
        var (title, text) = status switch
        {
            StatusCodes.Status404NotFound => ("404 Not Found", "There is no app at this address."),
            StatusCodes.Status502BadGateway => ("502 Bad Gateway", "This app is not running right now. Try again in a moment."),
            StatusCodes.Status503ServiceUnavailable => ("503 Service Unavailable", "This app is starting. Try again in a moment."),
            _ => ($"{status}", "The request could not be served."),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return context.Response.WriteAsync(
            $"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>\n",
            context.RequestAborted);
    }
}
