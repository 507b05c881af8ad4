namespace Daas.Hosting;

/// <summary>The names of DaaS's authentication schemes and authorization policies, for endpoints to require.</summary>
internal static class AuthNames
{
    /// <summary>The signed-in browser's session cookie (see <see cref="SessionCookie"/>).</summary>
    public const string CookieScheme = "Cookie";

    /// <summary>Basic when the request carries a Basic Authorization header, else the session cookie.</summary>
    public const string BasicOrCookieScheme = "BasicOrCookie";

    /// <summary>
    /// The registry's policy: Basic only, as docker and skopeo speak it. The default policy
    /// (<c>RequireAuthorization()</c>) takes Basic or the cookie: the API, /metrics, UI pages.
    /// </summary>
    public const string RegistryPolicy = "Registry";
}
