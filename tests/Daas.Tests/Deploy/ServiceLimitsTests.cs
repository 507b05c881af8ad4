using Daas.Deploy;
using Daas.Deploy.Runtime;

namespace Daas.Tests.Deploy;

public sealed class ServiceLimitsTests
{
    [Fact]
    public void Read_NoLabels_OneReplicaNoLimits()
    {
        var (values, error) = ServiceLimits.Read(new Dictionary<string, string>());

        Assert.Null(error);
        Assert.Equal((1, 0, null, null, null), (values.Replicas, values.Constraints.Count, values.MemoryBytes, values.NanoCpus, values.VolumeDriver));
    }

    [Fact]
    public void Read_EveryLabel_ParsedAsDockerReadsThem()
    {
        var (values, error) = ServiceLimits.Read(new Dictionary<string, string>
        {
            [DaasLabels.Replicas] = "3",
            [DaasLabels.Constraints] = "node.role==worker, node.labels.zone != a",
            [DaasLabels.Memory] = "256m",
            [DaasLabels.Cpus] = "0.5",
            [DaasLabels.VolumeDriver] = "rexray/ebs",
        });

        Assert.Null(error);
        Assert.Equal(3, values.Replicas);
        Assert.Equal(["node.role==worker", "node.labels.zone != a"], values.Constraints);
        Assert.Equal(256L * 1024 * 1024, values.MemoryBytes);
        Assert.Equal(500_000_000L, values.NanoCpus);
        Assert.Equal("rexray/ebs", values.VolumeDriver);
    }

    [Theory]
    [InlineData("daas.replicas", "0", "not a number of replicas (1-100)")]
    [InlineData("daas.replicas", "101", "not a number of replicas")]
    [InlineData("daas.replicas", "-1", "not a number of replicas")]
    [InlineData("daas.replicas", "three", "not a number of replicas")]
    [InlineData("daas.constraints", "role=worker", "'role=worker' is not a placement constraint")]
    [InlineData("daas.constraints", "node.role==worker;rm -rf", "is not a placement constraint")]
    [InlineData("daas.memory", "lots", "not a memory size")]
    [InlineData("daas.memory", "1k", "not a memory size of at least 6m")]
    [InlineData("daas.cpus", "0", "not a number of CPUs")]
    [InlineData("daas.cpus", "half", "not a number of CPUs")]
    [InlineData("daas.volume-driver", "bad driver", "not a volume driver name")]
    public void Read_ValueDaasCannotHonour_FailsNamingTheLabel(string key, string value, string expected)
    {
        var (_, error) = ServiceLimits.Read(new Dictionary<string, string> { [key] = value });

        Assert.NotNull(error);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512k", 512L * 1024)]
    [InlineData("1g", 1L << 30)]
    [InlineData("2GB", 2L << 30)]
    [InlineData("99999999999999m", null)]
    public void ParseBytes_DockerSizes(string text, long? expected) => Assert.Equal(expected, ServiceLimits.ParseBytes(text));
}
