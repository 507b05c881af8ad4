using System.Net;

namespace Daas.Hosting;

/// <summary>
/// Sorts a Host header into DaaS itself, an app under DOMAIN_NAME (also as www.&lt;app&gt;), or unknown. An IP address
/// counts as DaaS so that the engine can pull from 127.0.0.1:port whatever the domain is.
/// </summary>
internal sealed class HostClassifier(DaasOptions options)
{
    private readonly string _appSuffix = "." + options.DomainName;

    public HostKind Classify(string host, out string app)
    {
        app = "";
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (name == options.DomainName || IPAddress.TryParse(name.Trim('[', ']'), out _))
        {
            return HostKind.Daas;
        }

        if (name.EndsWith(_appSuffix, StringComparison.Ordinal))
        {
            var label = name[..^_appSuffix.Length];
            if (label.StartsWith("www.", StringComparison.Ordinal))
            {
                // www.<app>.<domain> is the app too, as the seed's nginx served it.
                label = label["www.".Length..];
            }

            if (label.Length > 0 && !label.Contains('.', StringComparison.Ordinal))
            {
                app = label;
                return HostKind.App;
            }
        }

        return HostKind.Unknown;
    }
}
