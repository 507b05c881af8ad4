using Daas.Deploy;
using Daas.State;

namespace Daas.Tests.Deploy;

/// <summary>Replicas on a runtime that scales (Swarm): the label, the API's count, and a single engine's one container.</summary>
public sealed class ReplicasConvergeTests : IDisposable
{
    private readonly DeployHarness _h = new();

    [Fact]
    public async Task Deploy_ReplicasLabelOnSwarm_StartsThatMany_AndTheApisCountScalesInPlace()
    {
        // Arrange: an image asking for 3 replicas, live on a runtime that scales
        _h.Runtime.CanScale = true;
        _h.Runtime.Labels["sha256:1"] = new() { [DaasLabels.Replicas] = "3" };
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        Assert.Equal(3, _h.Runtime.Plans.Single().Replicas);

        // Act: the API's count is stored, then the app converges
        await _h.Apps.SetReplicasAsync("web", 5, CancellationToken.None);
        await _h.ConvergeAsync("web");
        await _h.ConvergeAsync("web");

        // Assert: the running instance was scaled once, no new release was made
        var instance = _h.Runtime.Instances.Single();
        Assert.Equal([(instance.Id, 5)], _h.Runtime.Scaled);
        Assert.Equal([(1, ReleaseState.Running)], await _h.StatesAsync("web"));
    }

    [Fact]
    public async Task Deploy_ApisCountAfterwards_NextReleaseStartsWithIt()
    {
        _h.Runtime.CanScale = true;
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        await _h.Apps.SetReplicasAsync("web", 2, CancellationToken.None);

        await _h.PushAsync("web", "sha256:2");
        await _h.ConvergeAsync("web");

        Assert.Equal([1, 2], _h.Runtime.Plans.Select(p => p.Replicas));
    }

    [Fact]
    public async Task Deploy_ReplicasOfAnAppWithAVolumeAndNoDriver_FailsSayingHow()
    {
        _h.Runtime.CanScale = true;
        _h.Runtime.Labels["sha256:1"] = new() { [DaasLabels.Replicas] = "2" };
        _h.Runtime.Volumes["sha256:1"] = ["/data"];

        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");

        Assert.Equal([(1, ReleaseState.Failed)], await _h.StatesAsync("web"));
        Assert.Empty(_h.Runtime.Plans);
        Assert.Contains("2 replicas with VOLUME /data", (await _h.Releases.NewestAsync("web", CancellationToken.None))!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ReplicasLabelOnOneEngine_OneContainer()
    {
        _h.Runtime.Labels["sha256:1"] = new() { [DaasLabels.Replicas] = "3" };
        _h.Runtime.Volumes["sha256:1"] = ["/data"];

        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");

        Assert.Equal([(1, ReleaseState.Running)], await _h.StatesAsync("web"));
        Assert.Equal(1, _h.Runtime.Plans.Single().Replicas);
        Assert.Empty(_h.Runtime.Scaled);
    }

    public void Dispose() => _h.Dispose();
}
