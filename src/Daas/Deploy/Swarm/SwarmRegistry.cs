namespace Daas.Deploy.Swarm;

/// <summary>
/// Where every Swarm node pulls app images from: REGISTRY_ADDRESS when set, else DOMAIN_NAME (over
/// HTTPS, on HTTPS_PORT), else in local mode the manager's own loopback address, which only tasks on
/// the manager can reach (DaaS says so at start-up).
/// </summary>
internal sealed record SwarmRegistry(string Address)
{
    public static SwarmRegistry For(DaasOptions options, string managerRegistryHost) => new(
        options.RegistryAddress
        ?? (options.UsesLocalCa ? managerRegistryHost : options.HttpsPort == 443 ? options.DomainName : $"{options.DomainName}:{options.HttpsPort}"));

    /// <summary>True when only the manager's own tasks can pull (see the type's summary).</summary>
    public static bool ManagerOnly(DaasOptions options) => options.RegistryAddress is null && options.UsesLocalCa;
}
