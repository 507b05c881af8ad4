using System.Text.RegularExpressions;

namespace Daas.Deploy;

/// <summary>
/// Which repositories deploy as apps: a single path segment that is also a DNS label, since the
/// app is served at &lt;name&gt;.&lt;domain&gt; and reached as &lt;name&gt; on the Docker network.
/// </summary>
internal static partial class AppName
{
    public static bool IsValid(string repository) => Pattern().IsMatch(repository);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
