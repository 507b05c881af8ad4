namespace Daas.Web.Ui;

/// <summary>
/// Decides whether an unsafe request (POST, PUT, PATCH, DELETE) came from another site's page.
/// Browsers re-send cached Basic credentials (and same-site cookies) with a cross-site form
/// post, so such a request must not act. Browsers mark theirs with Sec-Fetch-Site and Origin;
/// docker, skopeo and curl send neither and pass.
/// </summary>
internal static class CrossSiteRule
{
    public static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// True when Sec-Fetch-Site says cross-site or same-site (a sibling such as an app's host),
    /// or an Origin is sent that is not this request's own scheme://host[:port] ("null" included).
    /// </summary>
    public static bool IsForeign(string? secFetchSite, string? origin, string scheme, HostString host)
    {
        if (string.Equals(secFetchSite, "cross-site", StringComparison.OrdinalIgnoreCase)
            || string.Equals(secFetchSite, "same-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || from.AbsolutePath != "/" || !host.HasValue)
        {
            return true;
        }

        var port = host.Port ?? (string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return !string.Equals(from.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(from.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            || from.Port != port;
    }
}
