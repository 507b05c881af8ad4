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
            if (IsBasicPath(request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = BasicAuthenticationHandler.Challenge;
                return Task.CompletedTask;
            }

            var returnUrl = Uri.EscapeDataString($"{request.PathBase}{request.Path}{request.QueryString}");
            context.Response.Redirect($"{SignInPath}?returnUrl={returnUrl}");
            return Task.CompletedTask;
        };
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    /// <summary>Paths that machines call: a missing login gets the Basic challenge, never a redirect.</summary>
    public static bool IsBasicPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/v2");
}
