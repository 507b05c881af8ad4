using Daas.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace Daas.Routing;

/// <summary>
/// HTTP Basic with DaaS's credentials in front of an app that asks for it (daas.auth=password, or
/// the seed's auth=password). Failed attempts count toward the same throttle as DaaS's own logins.
/// </summary>
internal static class AppPassword
{
    /// <summary>True when the request may go on; otherwise the challenge (401 or 429) has been written.</summary>
    public static async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(BasicAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            await context.ChallengeAsync(BasicAuthenticationHandler.SchemeName);
            return false;
        }

        // DaaS's password is for DaaS: the app never sees it.
        context.Request.Headers.Authorization = default;
        return true;
    }
}
