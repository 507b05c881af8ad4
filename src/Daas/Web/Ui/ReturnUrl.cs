namespace Daas.Web.Ui;

/// <summary>Where the sign-in form may send the browser afterwards: a path on this host, never elsewhere (no open redirect).</summary>
internal static class ReturnUrl
{
    public static string SafeOrRoot(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>
    /// True for "/path?query": one leading slash, not "//host" or "/\host" (both leave the site in
    /// browsers), no control characters (a browser drops tabs and newlines, which would turn
    /// "/\t/evil" into "//evil") and nothing that is not a printable character. Only ASCII: a
    /// Location header cannot carry anything else (the paths DaaS sends here are escaped).
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c) || c == '\\' || c > '~')
            {
                return false;
            }
        }

        return true;
    }
}
