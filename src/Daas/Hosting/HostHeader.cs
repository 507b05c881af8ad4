namespace Daas.Hosting;

/// <summary>The host name in a Host header, without allocating: the port and a trailing dot ("app.example.com.") cut off.</summary>
internal static class HostHeader
{
    public static ReadOnlySpan<char> NameOf(string host)
    {
        var name = host.AsSpan();
        if (name.StartsWith('['))
        {
            // An IPv6 literal, "[::1]:8080": the port follows the bracket.
            var end = name.IndexOf(']');
            return end > 0 ? name[..(end + 1)] : name;
        }

        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        return name.EndsWith('.') ? name[..^1] : name;
    }
}
