using Microsoft.Extensions.Primitives;

namespace Daas.Tls;

/// <summary>
/// The apps that have been deployed, whose host names (&lt;app&gt;.DOMAIN_NAME and www.&lt;app&gt;.DOMAIN_NAME)
/// get certificates; never a name only because a request arrived for it. Routing provides it.
/// </summary>
internal interface IDeployedApps
{
    IReadOnlyCollection<string> DeployedApps { get; }

    /// <summary>Fires when the set may have changed.</summary>
    IChangeToken GetChangeToken();
}
