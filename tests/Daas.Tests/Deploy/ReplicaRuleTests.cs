using Daas.Deploy;
using Daas.State;

namespace Daas.Tests.Deploy;

public sealed class ReplicaRuleTests
{
    private static readonly AppRecord App = new("shop", null, null, AppRunState.Running, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Refusal_ReplicasWithAVolumeAndNoDriver_SaysWhyAndHow()
    {
        var settings = new ReleaseSettings { Port = 80, Volumes = ["/data"], Replicas = 2 };

        var refusal = ReplicaRule.Refusal(App.ReplicasFor(settings), settings);

        Assert.StartsWith("2 replicas with VOLUME /data: each replica would get a volume of its own", refusal, StringComparison.Ordinal);
        Assert.Contains("daas.volume-driver", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_TheApisCountWinsOverTheLabel()
    {
        var settings = new ReleaseSettings { Port = 80, Volumes = ["/data"], Replicas = 3 };

        Assert.Null(ReplicaRule.Refusal((App with { Replicas = 1 }).ReplicasFor(settings), settings));
        Assert.NotNull(ReplicaRule.Refusal((App with { Replicas = 2 }).ReplicasFor(new ReleaseSettings { Port = 80 }), new ReleaseSettings { Port = 80, Volumes = ["/data"] }));
    }

    [Theory]
    [InlineData(3, "nfs", true)]
    [InlineData(3, null, false)]
    [InlineData(1, null, true)]
    public void Refusal_AllowedCases_Null(int replicas, string? driver, bool canScale)
    {
        var settings = new ReleaseSettings { Port = 80, Volumes = ["/data"], Replicas = replicas, VolumeDriver = driver };

        Assert.Null(ReplicaRule.Refusal(canScale ? App.ReplicasFor(settings) : 1, settings));
    }
}
