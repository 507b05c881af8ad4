using Microsoft.AspNetCore.Authentication.Cookies;

namespace Daas.Hosting;

/// <summary>
/// The UI's session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, 12 h sliding, valid
/// only while <see cref="SignedInSessions"/> lists its id. Without credentials, a UI page is sent
/// to /sign-in; the API, /metrics and /openapi answer 401 with the Basic challenge, as before.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "daas_session";
    public const string SignInPath = "/sign-in";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        // DaaS serves the UI over HTTP on loopback and before its certificate exists, so not Always.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = Lifetime;
        options.SlidingExpiration = true;
        options.LoginPath = SignInPath;
        options.Events.OnValidatePrincipal = context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SignedInSessions>();
            if (!sessions.Touch(context.Principal?.FindFirst(SignedInSessions.ClaimType)?.Value))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
        options.Events.OnRedirectToLogin = context =>
        {
            var request = context.Request;
            var response = context.Response;
            if (request.Headers["HX-Request"] == "true")
            {
                // A panel's polling: htmx would follow a redirect itself and swap the sign-in page
                // into the panel, so it is told to load the sign-in page instead, for the page it polls from.
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers["HX-Redirect"] = SignInUrl(LocalPathOf(request.Headers["HX-Current-URL"], request) ?? "/");
                return Task.CompletedTask;
            }

            if (IsBasicPath(request.Path))
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                // A page's own request (its log stream) carries the session cookie: no Basic challenge,
                // which would pop the browser's login dialog over the page.
                if (!request.Cookies.ContainsKey(Name))
                {
                    response.Headers.WWWAuthenticate = BasicAuthenticationHandler.Challenge;
                }

                return Task.CompletedTask;
            }

            // A form posted with an ended session comes back to the page it was posted from, not to its action.
            var back = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                ? $"{request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}{request.QueryString}"
                : LocalPathOf(request.Headers.Referer, request) ?? "/";
            response.Redirect(SignInUrl(back));
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    private static string SignInUrl(string returnUrl) => $"{SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>The path and query of <paramref name="url"/> when it is an absolute URL of this host, else null.</summary>
    private static string? LocalPathOf(string? url, HttpRequest request) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) ? uri.PathAndQuery : null;

    /// <summary>Paths that machines call: a missing login gets the Basic challenge, never a redirect.</summary>
    public static bool IsBasicPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/v2");
}
