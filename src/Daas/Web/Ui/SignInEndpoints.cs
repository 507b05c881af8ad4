using System.Security.Claims;
using Daas.Hosting;
using Daas.Web.Slices;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Daas.Web.Ui;

/// <summary>
/// GET/POST /sign-in and POST /sign-out. The form checks the password as Basic does
/// (<see cref="CredentialCheck"/>) and counts failures in the same <see cref="AuthFailureLimiter"/>
/// under the same client key, so neither way around the other gives a guesser more tries.
/// </summary>
internal static class SignInEndpoints
{
    /// <summary>Maps them into <paramref name="routes"/>, the UI's page group (<see cref="UiEndpoints.MapUiPages"/>).</summary>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(SessionCookie.SignInPath, IResult (string? returnUrl) => SignIn.Create(new SignInForm("", ReturnUrl.SafeOrRoot(returnUrl)))).AllowAnonymous();
        // The group requires the antiforgery token on both posts.
        routes.MapPost(SessionCookie.SignInPath, SignInAsync).AllowAnonymous();
        // Authorized (the group's policy), so that the token is checked against the signed-in user it was issued to.
        routes.MapPost("/sign-out", SignOutAsync);
        return routes;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context,
        [FromForm] string? username,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        CredentialCheck credentials,
        AuthFailureLimiter failures,
        SignedInSessions sessions)
    {
        username ??= "";
        var target = ReturnUrl.SafeOrRoot(returnUrl);
        var client = LoginThrottleKey.For(context.Connection.RemoteIpAddress);
        if (failures.IsBlocked(client))
        {
            context.Response.Headers.RetryAfter = ((int)AuthFailureLimiter.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var blocked = SignIn.Create(new SignInForm(username, target, "Too many failed sign-ins from this address. Wait a minute, then try again."));
            blocked.StatusCode = StatusCodes.Status429TooManyRequests;
            return blocked;
        }

        if (!credentials.Matches(username, password ?? ""))
        {
            failures.RecordFailure(client);
            return SignIn.Create(new SignInForm(username, target, "Wrong user name or password."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username), new Claim(SignedInSessions.ClaimType, sessions.Start())], AuthNames.CookieScheme);
        await context.SignInAsync(AuthNames.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
        return TypedResults.Redirect(target);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, SignedInSessions sessions)
    {
        sessions.End(context.User.FindFirst(SignedInSessions.ClaimType)?.Value);
        await context.SignOutAsync(AuthNames.CookieScheme);
        return TypedResults.Redirect(SessionCookie.SignInPath);
    }
}
