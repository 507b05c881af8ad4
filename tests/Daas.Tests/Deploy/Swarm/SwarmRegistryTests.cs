using Microsoft.Extensions.Configuration;
using Daas.Deploy.Swarm;

namespace Daas.Tests.Deploy.Swarm;

public sealed class SwarmRegistryTests
{
    private static DaasOptions Options(string domain, string? address = null, int httpsPort = 443) => DaasOptions.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DOMAIN_NAME"] = domain,
            ["REGISTRY_ADDRESS"] = address,
            ["HTTPS_PORT"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build());

    [Theory]
    [InlineData("example.com", null, 443, "example.com")]
    [InlineData("example.com", null, 8443, "example.com:8443")]
    [InlineData("example.com", "10.0.0.5:80", 443, "10.0.0.5:80")]
    [InlineData("localhost", "10.0.0.5:80", 443, "10.0.0.5:80")]
    [InlineData("localhost", null, 443, "127.0.0.1:8080")]
    public void For_Settings_TheAddressNodesPullFrom(string domain, string? address, int httpsPort, string expected)
    {
        var options = Options(domain, address, httpsPort);

        Assert.Equal(expected, SwarmRegistry.For(options, "127.0.0.1:8080").Address);
        Assert.Equal(domain == "localhost" && address is null, SwarmRegistry.ManagerOnly(options));
    }
}
