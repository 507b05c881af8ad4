using Daas.Deploy;
using Daas.Deploy.Runtime;
using Daas.State;
using static Daas.Tests.TestSupport.FakeRuntime;

namespace Daas.Tests.Deploy;

public sealed class AppConvergerTests : IDisposable
{
    private readonly DeployHarness _h = new();

    [Fact]
    public async Task Converge_PushOfAHealthyImage_SwitchesTheRouteAndRetiresTheOldInstance()
    {
        // Arrange: release 1 live
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        await _h.PushAsync("web", "sha256:2");

        // Act
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal([(2, ReleaseState.Running), (1, ReleaseState.Replaced)], await _h.StatesAsync("web"));
        var current = (await _h.AppAsync("web")).CurrentReleaseId;
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Runtime.Instances.All(i => i.ReleaseId == current)));
        Assert.Equal(_h.Runtime.Instances.Single().Endpoints.Single(), _h.Proxy.Find("web")!.Destinations.SingleOrDefault());
        Assert.Contains("prune web keep 2", _h.Runtime.Calls);
    }

    [Theory]
    [InlineData(nameof(Fate.Unhealthy), "Docker HEALTHCHECK reports unhealthy")]
    [InlineData(nameof(Fate.Crash), "the container exited with code 3")]
    [InlineData(nameof(Fate.NoPull), "could not pull")]
    public async Task Converge_ReleaseThatNeverGetsHealthy_FailsAndTheOldOneKeepsServing(string fate, string reason)
    {
        // Arrange
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        var old = _h.Runtime.Instances.Single();
        _h.Runtime.Fates["sha256:bad"] = Enum.Parse<Fate>(fate);
        await _h.PushAsync("web", "sha256:bad");

        // Act
        await _h.ConvergeAsync("web");

        // Assert: failed with its reason, desired is the live release again, nothing of the new one is left
        var releases = await _h.Releases.ListAsync("web", CancellationToken.None);
        Assert.Equal(ReleaseState.Failed, releases[0].State);
        Assert.Contains(reason, releases[0].Reason, StringComparison.Ordinal);
        var app = await _h.AppAsync("web");
        Assert.Equal((releases[1].Id, false), (app.CurrentReleaseId!.Value, app.HasPendingRelease));
        Assert.Equal([old.Id], _h.Runtime.Instances.Select(i => i.Id));
        Assert.Equal(old.Endpoints.Single(), _h.Proxy.Find("web")!.Destinations.SingleOrDefault());
    }

    [Fact]
    public async Task Converge_AppInItsSteadyState_LeavesTheRouteTableAlone()
    {
        // Arrange: release 1 live and routed
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Proxy.Find("web")!.Destinations.Count == 1));
        var before = _h.Runtime.ListsOfAll;

        // Act: the periodic reconcile
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal(before, _h.Runtime.ListsOfAll);
    }

    [Fact]
    public async Task Converge_RouteThatIsStale_IsRefreshed()
    {
        // Arrange: release 1 live, but the route table lost it (an event missed)
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        _h.Proxy.Update([]);

        // Act
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal(_h.Runtime.Instances.Single().Endpoints.Single(), _h.Proxy.Find("web")!.Destinations.SingleOrDefault());
    }

    [Fact]
    public async Task Converge_StopFirstRelease_StopsTheOldBeforeStartingTheNew()
    {
        // Arrange: an image with a volume, live
        _h.Runtime.Volumes["sha256:1"] = ["/data"];
        _h.Runtime.Volumes["sha256:2"] = ["/data"];
        await _h.PushAsync("db", "sha256:1");
        await _h.ConvergeAsync("db");
        await _h.PushAsync("db", "sha256:2");

        // Act
        await _h.ConvergeAsync("db");

        // Assert
        var calls = _h.Runtime.Calls.ToList();
        Assert.True(calls.IndexOf("stop db 1") < calls.IndexOf("start db 2"), string.Join("; ", calls));
        Assert.Equal([(2, ReleaseState.Running), (1, ReleaseState.Replaced)], await _h.StatesAsync("db"));
        Assert.False(_h.Activity.IsHeld("db"));
    }

    [Fact]
    public async Task Converge_StopFirstReleaseThatFails_ResumesTheOldInstance()
    {
        // Arrange
        _h.Runtime.Volumes["sha256:1"] = ["/data"];
        _h.Runtime.Volumes["sha256:bad"] = ["/data"];
        _h.Runtime.Fates["sha256:bad"] = Fate.Crash;
        await _h.PushAsync("db", "sha256:1");
        await _h.ConvergeAsync("db");
        await _h.PushAsync("db", "sha256:bad");

        // Act
        await _h.ConvergeAsync("db");

        // Assert
        var calls = _h.Runtime.Calls.ToList();
        Assert.Equal(["stop db 1", "start db 2", "remove db 2", "resume db 1"], calls.Where(c => c.EndsWith(" db 1", StringComparison.Ordinal) || c.EndsWith(" db 2", StringComparison.Ordinal)).Skip(1));
        Assert.Equal(InstanceState.Running, _h.Runtime.Instances.Single().State);
        Assert.False(_h.Activity.IsHeld("db"));
        Assert.NotNull(_h.Proxy.Find("db")!.Destinations.SingleOrDefault());
    }

    [Fact]
    public async Task Converge_AfterACrashMidDeploy_RemovesTheHalfStartedInstanceAndDeploysAgain()
    {
        // Arrange: release 1 live; release 2 desired with an instance left by a deploy that a crash cut short
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        var second = (await _h.PushAsync("web", "sha256:2"))!;
        await _h.Releases.MarkStartingAsync(second.Id, CancellationToken.None);
        var leftover = _h.Runtime.Add("web", second.Id, InstanceState.Created);

        // Act
        await _h.ConvergeAsync("web");

        // Assert
        Assert.DoesNotContain(_h.Runtime.Instances, i => i.Id == leftover.Id);
        Assert.Equal([(2, ReleaseState.Running), (1, ReleaseState.Replaced)], await _h.StatesAsync("web"));
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Runtime.Instances.Count == 1 && _h.Runtime.Instances[0].ReleaseId == second.Id));
    }

    [Fact]
    public async Task Converge_CurrentInstanceGone_DeploysARestartRelease_ThenBacksOffAfterAFailure()
    {
        // Arrange: release 1 live, then its instance removed behind DaaS's back and its image gone
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        await _h.Runtime.RemoveAsync(_h.Runtime.Instances.Single().Id, TimeSpan.Zero, CancellationToken.None);
        _h.Runtime.Fates["sha256:1"] = Fate.NoPull;

        // Act: converge twice in a row, then once more after the back-off
        await _h.ConvergeAsync("web");
        await _h.ConvergeAsync("web");
        var afterTwo = await _h.StatesAsync("web");
        _h.Time.Advance(_h.Options.ReconcileInterval);
        _h.Runtime.Fates["sha256:1"] = Fate.Healthy;
        await _h.ConvergeAsync("web");

        // Assert: one failed restart (the second converge waited), then a restart that went live
        Assert.Equal([(2, ReleaseState.Failed), (1, ReleaseState.Running)], afterTwo);
        var releases = await _h.Releases.ListAsync("web", CancellationToken.None);
        Assert.Equal((ReleaseTrigger.Restart, ReleaseState.Running, 1), (releases[0].Trigger, releases[0].State, releases[0].SourceNumber));
    }

    [Fact]
    public async Task Converge_StoppedApp_StopsItsInstance_AndStartingResumesIt()
    {
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");

        await _h.Apps.SetRunStateAsync("web", AppRunState.Stopped, CancellationToken.None);
        await _h.ConvergeAsync("web");
        var stopped = _h.Runtime.Instances.Single().State;
        var route = _h.Proxy.Find("web")!.Destinations.SingleOrDefault();
        await _h.Apps.SetRunStateAsync("web", AppRunState.Running, CancellationToken.None);
        await _h.ConvergeAsync("web");

        Assert.Equal((InstanceState.Exited, (Uri?)null), (stopped, route));
        Assert.Equal(InstanceState.Running, _h.Runtime.Instances.Single().State);
        Assert.Single(await _h.StatesAsync("web"));
    }

    [Fact]
    public async Task Converge_DeletedApp_RemovesItsInstancesAndRoute()
    {
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");

        await _h.Apps.DeleteAsync("web", CancellationToken.None);
        await _h.ConvergeAsync("web");

        Assert.Empty(_h.Runtime.Instances);
        Assert.Null(_h.Proxy.Find("web"));
    }

    [Fact]
    public async Task Converge_PendingReleasesOvertaken_AreSupersededAndOnlyTheNewestStarts()
    {
        await _h.PushAsync("web", "sha256:1");
        await _h.PushAsync("web", "sha256:2");
        await _h.PushAsync("web", "sha256:3");

        await _h.ConvergeAsync("web");

        Assert.Equal([(3, ReleaseState.Running), (2, ReleaseState.Superseded), (1, ReleaseState.Superseded)], await _h.StatesAsync("web"));
        Assert.Equal(["start web 3"], _h.Runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Converge_FirstPushThatFails_LeavesNoInstance_AndAnEnvChangeRetriesItsImage()
    {
        // Arrange: the first image crashes without an env var
        _h.Runtime.Fates["sha256:1"] = Fate.Crash;
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        Assert.Empty(_h.Runtime.Instances);

        // Act: the env var is set, and the image now starts
        _h.Runtime.Fates["sha256:1"] = Fate.Healthy;
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["DATABASE_URL"] = "x" };
        await _h.Releases.CreateDesiredAsync("web", (desired, newest) => ReleasePlanner.ForEnv(desired, newest, env), CancellationToken.None);
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal([(2, ReleaseState.Running), (1, ReleaseState.Failed)], await _h.StatesAsync("web"));
        Assert.Equal("x", (await _h.Releases.NewestAsync("web", CancellationToken.None))!.Env["DATABASE_URL"]);
    }

    [Fact]
    public async Task Converge_StartingReleaseOvertakenByANewerOne_IsSupersededNotLeftStarting()
    {
        // Arrange: release 1 live; release 2 cut short while starting; release 3 pushed since
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        var second = (await _h.PushAsync("web", "sha256:2"))!;
        await _h.Releases.MarkStartingAsync(second.Id, CancellationToken.None);
        await _h.PushAsync("web", "sha256:3");

        // Act
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal([(3, ReleaseState.Running), (2, ReleaseState.Superseded), (1, ReleaseState.Replaced)], await _h.StatesAsync("web"));
    }

    public void Dispose() => _h.Dispose();
}
