using Daas.Deploy;
using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;

namespace Daas.Tests.Deploy;

public sealed class ContainerSpecBuilderTests
{
    [Fact]
    public void Build_Release_LabelsEnvNetworkAliasAndRestartPolicy()
    {
        // Arrange
        var plan = new InstancePlan("web", 7, "sha256:abc", 5000, "hash", new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words" }, []);

        // Act
        var spec = ContainerSpecBuilder.Build(plan, "127.0.0.1:80/web@sha256:abc", "daas", "inst");

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
        Assert.Empty(spec.HostConfig.Mounts!);
    }

    [Fact]
    public void Build_ImageWithVolumes_MountsTheAppsNamedVolumeAtEachPath()
    {
        // Arrange
        var plan = new InstancePlan("notes", 3, "sha256:abc", 8080, "hash", new Dictionary<string, string>(), ["/data", "/var/log/app"]);

        // Act
        var spec = ContainerSpecBuilder.Build(plan, "image", "daas", "inst");

        // Assert
        Assert.Equal(
            [("volume", VolumeNames.For("notes", "/data"), "/data"), ("volume", VolumeNames.For("notes", "/var/log/app"), "/var/log/app")],
            spec.HostConfig!.Mounts!.Select(m => (m.Type, m.Source, m.Target)));
    }
}
