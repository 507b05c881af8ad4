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
        Assert.Equal([new Uri("http://172.18.0.5:5000/")], instance.Endpoints);
        Assert.Empty(ContainerMapping.InstanceOf(Listed("Up"), "other")!.Endpoints);
    }

    [Fact]
    public void InstanceOf_ContainerWithoutDaasLabels_IsNotOneOfOurs()
    {
        var container = Listed("Up");
        container.Labels.Remove(DaasLabels.Release);

        Assert.Null(ContainerMapping.InstanceOf(container, "daas"));
    }

    [Fact]
    public void RoutedAliases_AliasesOfAnAttachedContainer_AreTheValidAppNamesButNeverItsId()
    {
        // Arrange: as Docker 20.10 inspects a compose service's container
        const string id = "90fa354631b452ae5c0e132d0ce67b424722079f9390367e11229a3bfe8d6d78";
        string[] aliases = ["blog", "90fa354631b4", "proj-blog-1", "proj_blog_1", "Blog", "blog", id, "90fa"];

        // Act
        var routed = ContainerMapping.RoutedAliases(aliases, id);

        // Assert
        Assert.Equal(["blog", "proj-blog-1", "90fa"], routed);
        Assert.Empty(ContainerMapping.RoutedAliases(null, id));
    }

    [Fact]
    public void RoutedAliases_ComposeContainer_SkipsItsOwnContainerName()
    {
        const string id = "90fa354631b452ae5c0e132d0ce67b424722079f9390367e11229a3bfe8d6d78";

        var routed = ContainerMapping.RoutedAliases(["proj-blog-1", "blog", "90fa354631b4"], id, composeContainerName: "proj-blog-1");

        Assert.Equal(["blog"], routed);
    }

    [Theory]
    [InlineData(DaasLabels.App)]
    [InlineData(DaasLabels.Instance)]
    public void AttachedEndpointOf_ContainerWithADaasLabel_IsNotAttached(string label)
    {
        var container = Plain();
        container.Labels[label] = "x";

        Assert.Null(ContainerMapping.AttachedEndpointOf(container, "daas", self: null));
    }

    [Fact]
    public void AttachedEndpointOf_DaasOwnContainerOrOneOffTheNetwork_IsNotAttached()
    {
        Assert.Null(ContainerMapping.AttachedEndpointOf(Plain(), "daas", self: Plain().ID));
        Assert.Null(ContainerMapping.AttachedEndpointOf(Plain(), "other", self: null));
    }

    [Fact]
    public void AttachedOf_PlainContainerOnTheNetwork_IsReachedAtItsAddressAndLowestExposedPort()
    {
        // Arrange
        var container = Plain();

        // Act
        var endpoint = ContainerMapping.AttachedEndpointOf(container, "daas", self: "someone-else")!.Value;
        var attached = ContainerMapping.AttachedOf(container, endpoint.Address, ["blog"]);

        // Assert
        Assert.Equal("ep1", endpoint.EndpointId);
        Assert.Equal(new Uri("http://172.18.0.9:80/"), attached.Endpoint);
        Assert.Equal((InstanceHealth.Unhealthy, false), (attached.Health, attached.Serving));
    }

    [Theory]
    [InlineData("5000", new[] { 80 }, 5000)]
    [InlineData(null, new[] { 9000, 3000 }, 3000)]
    [InlineData(null, new int[0], 8080)]
    [InlineData("web", new[] { 3000 }, 3000)]
    [InlineData("web", new int[0], 8080)]
    public void AttachedPortOf_LabelElseLowestExposedTcpElse8080(string? label, int[] exposed, int expected)
    {
        var labels = label is null ? null : new Dictionary<string, string> { [DaasLabels.Port] = label };
        var ports = exposed.Select(p => new PortSummary { PrivatePort = (ushort)p, Type = "tcp" }).Append(new PortSummary { PrivatePort = 53, Type = "udp" });

        Assert.Equal(expected, ContainerMapping.AttachedPortOf(labels, ports));
    }

    private static ContainerListResponse Listed(string status) => new()
    {
        ID = "0123456789abcdef",
        State = "running",
        Status = status,
        Labels = new Dictionary<string, string> { [DaasLabels.App] = "web", [DaasLabels.Release] = "7", [DaasLabels.Port] = "5000" },
        NetworkSettings = new NetworkSettingsSummary { Networks = new Dictionary<string, EndpointSettings> { ["daas"] = new() { IPAddress = "172.18.0.5" } } },
    };

    private static ContainerListResponse Plain() => new()
    {
        ID = "90fa354631b452ae5c0e132d0ce67b424722079f9390367e11229a3bfe8d6d78",
        State = "running",
        Status = "Up 3 minutes (unhealthy)",
        Labels = new Dictionary<string, string> { ["com.docker.compose.service"] = "blog" },
        Ports = [new PortSummary { PrivatePort = 443, Type = "tcp" }, new PortSummary { PrivatePort = 80, Type = "tcp" }],
        NetworkSettings = new NetworkSettingsSummary { Networks = new Dictionary<string, EndpointSettings> { ["daas"] = new() { IPAddress = "172.18.0.9", EndpointID = "ep1" } } },
    };
}
