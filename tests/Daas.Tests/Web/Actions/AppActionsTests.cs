using Daas.Deploy;
using Daas.Metrics;
using Daas.Registry.Storage;
using Daas.State;
using Daas.Tests.Deploy;
using Daas.Tests.TestSupport;
using Daas.Tls;
using Daas.Web.Actions;
using Daas.Web.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace Daas.Tests.Web.Actions;

/// <summary>The actions' (and <see cref="AppLogs"/>') outcomes on State and a fake runtime: which status, value and sentence each case gets.</summary>
public sealed class AppActionsTests : IDisposable
{
    private readonly DeployHarness _h = new();
    private readonly TestLifetime _lifetime = new();
    private readonly DeployScheduler _scheduler;
    private readonly CertificateManager _certificates;
    private readonly AppActions _actions;
    private readonly AppLogs _logs;

    public AppActionsTests()
    {
        _scheduler = new DeployScheduler(_h.Converger, _h.Apps, _h.Runtime, _h.Routes, _lifetime, _h.Options, _h.Time, NullLogger<DeployScheduler>.Instance);
        // Never started: the views only read its (empty) statuses, so it needs no issuer.
        _certificates = new CertificateManager(
            null!, new CertificateStore(_h.Options.DataDir), new CertificateSelector(_h.Options, NullLogger<CertificateSelector>.Instance), _h.Proxy, _lifetime,
            _h.Options, _h.Time, NullLogger<CertificateManager>.Instance);
        var views = new AppViews(_h.Apps, _h.Releases, _h.Proxy, _h.Runtime, _certificates, new RequestRates(), _h.Options);
        var eraser = new RepositoryEraser(new RegistryPaths(Path.Combine(_h.Options.DataDir, "registry")), new RegistryLock());
        _actions = new AppActions(_h.Apps, _h.Releases, views, _scheduler, _h.Converger, _h.Runtime, eraser, _h.Options);
        _logs = new AppLogs(_h.Apps, _actions, _h.Runtime);
    }

    [Fact]
    public async Task StopAsync_UnknownApp_IsNotFoundTitledUnknownApp()
    {
        // Act
        var outcome = await _actions.StopAsync("ghost", CancellationToken.None);

        // Assert
        Assert.Equal((ActionStatus.NotFound, "Unknown app", "there is no app named 'ghost'"), (outcome.Status, outcome.Title, outcome.Detail));
        Assert.Null(outcome.Value);
    }

    [Fact]
    public async Task StopAsync_RunningApp_IsAcceptedWithTheStoppedView_AndAgainIsConflict()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));
        await _h.ConvergeAsync("web");

        // Act
        var first = await _actions.StopAsync("web", CancellationToken.None);
        var second = await _actions.StopAsync("web", CancellationToken.None);

        // Assert
        Assert.Equal(ActionStatus.Accepted, first.Status);
        Assert.Equal(AppState.Stopped, first.Value!.State);
        Assert.Equal("example.com/web", first.Value.Image);
        Assert.Equal((ActionStatus.Conflict, "app 'web' is already stopped"), (second.Status, second.Detail));
        Assert.Equal(AppRunState.Stopped, (await _h.AppAsync("web")).RunState);
    }

    [Fact]
    public async Task RestartAsync_StoppedApp_IsConflictSayingStartItFirst()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));
        await _h.ConvergeAsync("web");
        await _actions.StopAsync("web", CancellationToken.None);

        // Act
        var outcome = await _actions.RestartAsync("web", CancellationToken.None);

        // Assert
        Assert.Equal((ActionStatus.Conflict, "app 'web' is stopped; start it first"), (outcome.Status, outcome.Detail));
    }

    [Fact]
    public async Task RollbackAsync_UnknownReleaseNumber_IsNotFound_AndDefaultWithoutEarlierReleaseIsConflict()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));
        await _h.ConvergeAsync("web");

        // Act
        var numbered = await _actions.RollbackAsync("web", 9, CancellationToken.None);
        var previous = await _actions.RollbackAsync("web", null, CancellationToken.None);

        // Assert
        Assert.Equal(ActionStatus.NotFound, numbered.Status);
        Assert.StartsWith("app 'web': ", numbered.Detail, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Conflict, previous.Status);
    }

    [Fact]
    public async Task SetEnvAsync_InvalidName_IsInvalidOnEnv_AndValidIsAcceptedSorted()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));

        // Act
        var invalid = await _actions.SetEnvAsync("web", new Dictionary<string, string> { ["1BAD"] = "x" }, CancellationToken.None);
        var valid = await _actions.SetEnvAsync("web", new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" }, CancellationToken.None);

        // Assert
        Assert.Equal((ActionStatus.Invalid, "env"), (invalid.Status, invalid.Field));
        Assert.Contains("1BAD", invalid.Detail, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Accepted, valid.Status);
        Assert.Equal(["A", "B"], valid.Value!.Keys);
        Assert.Equal(["A", "B"], (await _actions.GetEnvAsync("web", CancellationToken.None)).Value!.Keys);
    }

    [Fact]
    public async Task DeleteAsync_ExistingApp_IsDone_AndThenNotFound()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));

        // Act
        var deleted = await _actions.DeleteAsync("web", data: false, CancellationToken.None);
        var again = await _actions.DeleteAsync("web", data: false, CancellationToken.None);

        // Assert
        Assert.Equal(ActionStatus.Done, deleted.Status);
        Assert.Equal(new DeletedView("web", false, 0, false), deleted.Value);
        Assert.Equal(ActionStatus.NotFound, again.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10001)]
    public async Task ReadLogsAsync_TailOutOfRange_IsInvalidOnTail(int tail)
    {
        // Act
        var outcome = await _logs.ReadAsync("web", tail, follow: false, CancellationToken.None);

        // Assert
        Assert.Equal((ActionStatus.Invalid, "tail", $"tail must be between 1 and 10000, not {tail}"), (outcome.Status, outcome.Field, outcome.Detail));
    }

    [Fact]
    public async Task ReadLogsAsync_RunningApp_IsTheInstancesLines_AndStoppedIsConflict()
    {
        // Arrange
        await _h.PushAsync("web", "sha256:" + new string('a', 64));
        await _h.ConvergeAsync("web");

        // Act
        var running = await _logs.ReadAsync("web", 100, follow: false, CancellationToken.None);
        await _actions.StopAsync("web", CancellationToken.None);
        await _h.ConvergeAsync("web");
        var stopped = await _logs.ReadAsync("web", 100, follow: false, CancellationToken.None);

        // Assert
        Assert.Equal(ActionStatus.Done, running.Status);
        Assert.Equal(["last words"], await running.Value!.ToListAsync());
        Assert.Equal((ActionStatus.Conflict, "app 'web' has no running instance to read logs from"), (stopped.Status, stopped.Detail));
        Assert.Equal(ActionStatus.NotFound, (await _logs.ReadAsync("ghost", 100, follow: false, CancellationToken.None)).Status);
    }

    public void Dispose()
    {
        // A converge woken by the test may still be writing State: the directory goes once it has ended.
        _scheduler.LanesIdleAsync().Wait(TimeSpan.FromSeconds(30));
        _certificates.Dispose();
        _scheduler.Dispose();
        _lifetime.Dispose();
        _h.Dispose();
    }
}
