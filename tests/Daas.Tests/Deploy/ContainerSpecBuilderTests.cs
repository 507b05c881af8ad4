using Daas.Deploy;
using Daas.Deploy.Docker;

namespace Daas.Tests.Deploy;

public sealed class ContainerSpecBuilderTests
{
    [Fact]
    public void Build_Release_LabelsEnvNetworkAliasAndRestartPolicy()
    {
        // Arrange
        var release = new ReleaseSpec("web", 7, "127.0.0.1:80/web@sha256:abc", 5000, "hash", new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words" });

        // Act
        var spec = ContainerSpecBuilder.Build(release, "daas", "inst");

        // Assert
        Assert.Equal("daas-web-7-inst", spec.Name);
        Assert.Equal("127.0.0.1:80/web@sha256:abc", spec.Image);
        Assert.Equal(["A=1", "B=two words"], spec.Env);
        Assert.Equal("web", spec.Labels[DaasLabels.App]);
        Assert.Equal("7", spec.Labels[DaasLabels.Release]);
        Assert.Equal("inst", spec.Labels[DaasLabels.Instance]);
        Assert.Equal("hash", spec.Labels[DaasLabels.ConfigHash]);
        Assert.Equal("5000", spec.Labels[DaasLabels.Port]);
        Assert.Equal("daas", spec.HostConfig!.NetworkMode);
        Assert.Equal(["web"], spec.NetworkingConfig!.EndpointsConfig["daas"].Aliases);
        Assert.Equal(global::Docker.DotNet.Models.RestartPolicyKind.UnlessStopped, spec.HostConfig!.RestartPolicy.Name);
    }

    [Theory]
    [InlineData(null, new string[0], 8080)]
    [InlineData(null, new[] { "5000/tcp" }, 5000)]
    [InlineData(null, new[] { "53/udp", "3000/tcp" }, 3000)]
    [InlineData(null, new[] { "9000" }, 9000)]
    [InlineData(null, new[] { "443/tcp", "80/tcp", "2019/tcp" }, 80)]
    [InlineData("4000", new[] { "5000/tcp" }, 4000)]
    [InlineData("nonsense", new[] { "5000/tcp" }, 5000)]
    public void PortOf_LabelLowestExposeOrDefault_PicksInThatOrder(string? label, string[] exposed, int expected)
    {
        var labels = label is null ? null : new Dictionary<string, string> { [DaasLabels.Port] = label };

        Assert.Equal(expected, ContainerSpecBuilder.PortOf(labels, exposed));
    }
}
