using Daas.Deploy;
using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Docker.DotNet.Models;

namespace Daas.Tests.Deploy;

public sealed class ContainerMappingTests
{
    [Fact]
    public void FactsOf_ImageConfig_ReadsLabelsPortsVolumesAndHealthcheck()
    {
        // Arrange
        var config = new DockerOCIImageConfig
        {
            Labels = new Dictionary<string, string> { ["daas.port"] = "5000" },
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["5000/tcp"] = default },
            Volumes = new Dictionary<string, EmptyStruct> { ["/var/lib/db"] = default, ["/data"] = default },
            Healthcheck = new HealthcheckConfig { Test = ["CMD", "true"] },
        };

        // Act
        var facts = ContainerMapping.FactsOf(config);

        // Assert
        Assert.Equal("5000", facts.Labels["daas.port"]);
        Assert.Equal(["5000/tcp"], facts.ExposedPorts);
        Assert.Equal(["/data", "/var/lib/db"], facts.Volumes);
        Assert.True(facts.HasHealthcheck);
    }

    [Fact]
    public void FactsOf_HealthcheckNoneOrNoConfig_HasNoHealthcheck()
    {
        Assert.False(ContainerMapping.FactsOf(new DockerOCIImageConfig { Healthcheck = new HealthcheckConfig { Test = ["NONE"] } }).HasHealthcheck);
        var none = ContainerMapping.FactsOf(null);
        Assert.Equal((0, 0, 0, false), (none.Labels.Count, none.ExposedPorts.Count, none.Volumes.Count, none.HasHealthcheck));
    }

    [Theory]
    [InlineData("Up 5 minutes (unhealthy)", nameof(InstanceHealth.Unhealthy))]
    [InlineData("Up 5 minutes (healthy)", nameof(InstanceHealth.Healthy))]
    [InlineData("Up 2 seconds (health: starting)", nameof(InstanceHealth.Starting))]
    [InlineData("Up 5 minutes", nameof(InstanceHealth.None))]
    public void InstanceOf_ListedContainer_TakesHealthFromTheStatusText(string status, string expected)
    {
        var container = Listed(status);

        Assert.Equal(Enum.Parse<InstanceHealth>(expected), ContainerMapping.InstanceOf(container, "daas")!.Health);
    }

    [Fact]
    public void InstanceOf_ListedContainer_IsReachedAtItsAddressOnTheAppsNetwork()
    {
        var instance = ContainerMapping.InstanceOf(Listed("Up"), "daas")!;

        Assert.Equal(("web", 7L, InstanceState.Running), (instance.App, instance.ReleaseId, instance.State));
        Assert.Equal(new Uri("http://172.18.0.5:5000/"), instance.Endpoint);
        Assert.Null(ContainerMapping.InstanceOf(Listed("Up"), "other")!.Endpoint);
    }

    [Fact]
    public void InstanceOf_ContainerWithoutDaasLabels_IsNotOneOfOurs()
    {
        var container = Listed("Up");
        container.Labels.Remove(DaasLabels.Release);

        Assert.Null(ContainerMapping.InstanceOf(container, "daas"));
    }

    private static ContainerListResponse Listed(string status) => new()
    {
        ID = "0123456789abcdef",
        State = "running",
        Status = status,
        Labels = new Dictionary<string, string> { [DaasLabels.App] = "web", [DaasLabels.Release] = "7", [DaasLabels.Port] = "5000" },
        NetworkSettings = new NetworkSettingsSummary { Networks = new Dictionary<string, EndpointSettings> { ["daas"] = new() { IPAddress = "172.18.0.5" } } },
    };
}
