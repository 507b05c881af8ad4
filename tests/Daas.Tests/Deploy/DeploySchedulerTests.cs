using Daas.Tests.TestSupport;
using Daas.Deploy;
using Daas.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Daas.Tests.Deploy;

public sealed class DeploySchedulerTests : IDisposable
{
    private readonly DeployHarness _h = new();
    private readonly TestLifetime _lifetime = new();
    private readonly DeployScheduler _scheduler;

    public DeploySchedulerTests()
    {
        _scheduler = new DeployScheduler(_h.Converger, _h.Apps, _h.Runtime, _h.Routes, _lifetime, _h.Options, _h.Time, NullLogger<DeployScheduler>.Instance);
    }

    [Fact]
    public async Task Wake_AppStuckInItsDeploy_DoesNotHoldAnotherApp()
    {
        // Arrange: "slow" cannot get past its pull until the test lets it
        var gate = new TaskCompletionSource();
        _h.Runtime.PullGates["sha256:slow"] = gate;
        await _h.PushAsync("slow", "sha256:slow");
        await _h.PushAsync("fast", "sha256:fast");

        // Act
        _scheduler.Wake("slow");
        _scheduler.Wake("fast");

        // Assert: fast goes live while slow still waits at its pull
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Runtime.Calls.Contains("prepare slow sha256:slow")));
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Proxy.Find("fast")?.Destinations.Count > 0));
        Assert.Equal(ReleaseState.Starting, (await _h.Releases.ListAsync("slow", CancellationToken.None))[0].State);
        gate.SetResult();
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Proxy.Find("slow")?.Destinations.Count > 0));
    }

    [Fact]
    public async Task Wake_ManyTimesDuringADeploy_RunsOneMoreConvergeThatDeploysTheNewest()
    {
        // Arrange: release 1's deploy held at its pull
        var gate = new TaskCompletionSource();
        _h.Runtime.PullGates["sha256:1"] = gate;
        await _h.PushAsync("web", "sha256:1");
        _scheduler.Wake("web");
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Runtime.Calls.Contains("prepare web sha256:1")));

        // Act: nine more pushes, each waking the app, while release 1 deploys
        for (var i = 2; i <= 10; i++)
        {
            await _h.PushAsync("web", $"sha256:{i}");
            _scheduler.Wake("web");
        }

        gate.SetResult();

        // Assert: release 10 went live after exactly two deploys; 2 to 9 never started
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Proxy.Find("web")?.Destinations.Count > 0 && _h.Runtime.Instances.Count == 1 && _h.Runtime.Instances[0].ReleaseId == 10));
        Assert.Equal(["start web 1", "start web 10"], _h.Runtime.Calls.Where(c => c.StartsWith("start", StringComparison.Ordinal)));
        var states = await _h.StatesAsync("web");
        Assert.Equal(8, states.Count(s => s.State == ReleaseState.Superseded));
    }

    [Fact]
    public async Task Wake_BeforeDaasListens_DeploysNothingUntilItDoes()
    {
        // Arrange: a scheduler whose host has not started listening yet
        var lifetime = new TestLifetime(started: false);
        using var scheduler = new DeployScheduler(_h.Converger, _h.Apps, _h.Runtime, _h.Routes, lifetime, _h.Options, _h.Time, NullLogger<DeployScheduler>.Instance);
        await _h.PushAsync("early", "sha256:early");

        // Act
        scheduler.Wake("early");
        await Task.Delay(100);
        var before = _h.Runtime.Calls.ToList();
        lifetime.Start();

        // Assert: the pull waited for the listener
        Assert.Empty(before);
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Proxy.Find("early")?.Destinations.Count > 0));
    }

    public void Dispose()
    {
        // A converge woken by the test may still be writing State: the directory goes once it has ended.
        _scheduler.LanesIdleAsync().Wait(TimeSpan.FromSeconds(30));
        _scheduler.Dispose();
        _lifetime.Dispose();
        _h.Dispose();
    }
}
