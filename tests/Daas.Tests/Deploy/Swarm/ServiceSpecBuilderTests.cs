using Daas.Deploy;
using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Daas.Deploy.Swarm;

namespace Daas.Tests.Deploy.Swarm;

public sealed class ServiceSpecBuilderTests
{
    private static readonly InstancePlan Plan = new("shop", 42, "sha256:abc", 5000, "cfg1", new Dictionary<string, string> { ["A"] = "1" }, [])
    {
        Replicas = 3,
        Constraints = ["node.role==worker"],
        MemoryBytes = 256L << 20,
        NanoCpus = 500_000_000,
    };

    [Fact]
    public void Build_Plan_ReplicatedDnsrrServiceOnTheOverlayWithLabelsAndLimits()
    {
        var spec = ServiceSpecBuilder.Build(Plan, "reg.example:443/shop@sha256:abc", "daas", "a1b2c3d4e5f6", pinnedNode: null);

        var task = spec.TaskTemplate!;
        var container = task.ContainerSpec!;
        Assert.Equal("shop-r42-a1b2c3", spec.Name);
        Assert.Equal(3UL, spec.Mode!.Replicated!.Replicas);
        Assert.Equal("dnsrr", spec.EndpointSpec!.Mode);
        Assert.Equal("reg.example:443/shop@sha256:abc", container.Image);
        Assert.Equal(["A=1"], container.Env!);
        var network = Assert.Single(task.Networks!);
        Assert.Equal(("daas", "shop"), (network.Target, Assert.Single(network.Aliases!)));
        Assert.Equal(["node.role==worker"], task.Placement!.Constraints!);
        Assert.Equal((256L << 20, 500_000_000L), (task.Resources!.Limits!.MemoryBytes, task.Resources.Limits.NanoCPUs));
        Assert.Equal("any", task.RestartPolicy!.Condition);
        foreach (var labels in new[] { spec.Labels!, container.Labels! })
        {
            Assert.Equal("shop", labels[DaasLabels.App]);
            Assert.Equal("42", labels[DaasLabels.Release]);
            Assert.Equal("a1b2c3d4e5f6", labels[DaasLabels.Instance]);
            Assert.Equal("5000", labels[DaasLabels.Port]);
            Assert.Equal("3", labels[DaasLabels.Replicas]);
        }
    }

    [Fact]
    public void Build_OneReplicaWithAVolumePinned_ConstrainedToThatNodeWithTheAppsVolume()
    {
        var plan = Plan with { Volumes = ["/data"], Replicas = 1, Constraints = [], MemoryBytes = null, NanoCpus = null };

        var spec = ServiceSpecBuilder.Build(plan, "r/shop@sha256:abc", "daas", "a1b2c3d4e5f6", pinnedNode: "node7");

        Assert.Equal(["node.id==node7"], spec.TaskTemplate!.Placement!.Constraints!);
        Assert.Null(spec.TaskTemplate.Resources);
        var mount = Assert.Single(spec.TaskTemplate.ContainerSpec!.Mounts!);
        Assert.Equal(("volume", VolumeNames.For("shop", "/data"), "/data"), (mount.Type, mount.Source, mount.Target));
        Assert.Null(mount.VolumeOptions!.DriverConfig);
    }

    [Fact]
    public void NameOf_LongAppName_FitsADnsLabel()
    {
        var app = new string('a', 63);

        var name = ServiceSpecBuilder.NameOf(app, 123456, "a1b2c3d4e5f6");

        Assert.Equal(63, name.Length);
        Assert.EndsWith("-r123456-a1b2c3", name, StringComparison.Ordinal);
    }
}
