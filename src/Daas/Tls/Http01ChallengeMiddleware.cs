namespace Daas.Tls;

/// <summary>
/// First in the pipeline: answers GET /.well-known/acme-challenge/&lt;token&gt; with the key
/// authorization of a challenge being validated, for any host and ahead of redirects and auth
/// (RFC 8555 §8.3: the CA asks over plain HTTP, follows no login). Unknown tokens get 404.
/// </summary>
internal static class Http01ChallengeMiddleware
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    public static IApplicationBuilder UseAcmeChallenges(this IApplicationBuilder app)
    {
        var responder = app.ApplicationServices.GetRequiredService<ChallengeResponder>();
        // No async frame on the way through: this runs first for every request, proxied app traffic included.
        return app.Use(next => context =>
        {
            var path = context.Request.Path.Value;
            return path is not null && path.StartsWith(PathPrefix, StringComparison.Ordinal) ? AnswerAsync(context, path) : next(context);
        });

        async Task AnswerAsync(HttpContext context, string path)
        {
            var host = context.Request.Host.Host.TrimEnd('.');
            var answer = responder.Http01KeyAuthorization(host, path[PathPrefix.Length..]);
            if (answer is null || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }
    }
}
