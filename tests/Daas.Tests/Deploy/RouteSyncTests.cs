using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Tests.Deploy;

public sealed class RouteSyncTests : IDisposable
{
    private readonly DeployHarness _h = new();

    [Fact]
    public async Task Refresh_ManyCallsWhileOneRuns_CostOneMoreRefresh()
    {
        // Arrange: a refresh under way, held in its list call
        Attach("c1", ["blog"], "10.1.0.2");
        var before = _h.Runtime.ListsOfAll;
        _h.Runtime.ListGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _h.Routes.RefreshAsync(CancellationToken.None);
        Assert.True(await DeployHarness.EventuallyAsync(() => _h.Runtime.ListsOfAll == before + 1));

        // Act: a burst of calls meanwhile, then the held refresh ends
        var burst = Enumerable.Range(0, 50).Select(_ => _h.Routes.RefreshAsync(CancellationToken.None)).ToList();
        _h.Runtime.ListGate.SetResult();
        await Task.WhenAll([running, .. burst]);

        // Assert: the burst shared one refresh, made after the one that was running (which may have read too early for it)
        Assert.Equal(before + 2, _h.Runtime.ListsOfAll);
        Assert.NotNull(_h.Proxy.Find("blog"));
    }

    [Fact]
    public async Task Refresh_CallAfterAChange_SeesTheChange()
    {
        await _h.Routes.RefreshAsync(CancellationToken.None);
        Attach("c1", ["blog"], "10.1.0.2");

        await _h.Routes.RefreshAsync(CancellationToken.None);

        Assert.NotNull(_h.Proxy.Find("blog"));
    }

    [Fact]
    public async Task Refresh_AttachedContainer_IsRoutedAtEachAliasWithCertificates()
    {
        // Arrange
        Attach("c1", ["blog", "proj-blog-1"], "10.1.0.2");

        // Act
        await _h.Routes.RefreshAsync(CancellationToken.None);

        // Assert
        foreach (var alias in new[] { "blog", "proj-blog-1" })
        {
            var route = _h.Proxy.Find(alias)!;
            Assert.Equal((true, true), (route.Attached, route.Deployed));
            Assert.Equal([new Uri("http://10.1.0.2:8080/")], route.Destinations);
        }

        Assert.Equal(["blog", "proj-blog-1"], _h.Proxy.DeployedApps.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_ContainersSharingAnAlias_ShareItsTrafficExceptTheUnhealthyOne()
    {
        // Arrange
        Attach("c1", ["blog"], "10.1.0.2");
        Attach("c2", ["blog"], "10.1.0.3", InstanceHealth.Unhealthy);
        Attach("c3", ["blog"], "10.1.0.4", InstanceHealth.Healthy);

        // Act
        await _h.Routes.RefreshAsync(CancellationToken.None);

        // Assert
        Assert.Equal([new Uri("http://10.1.0.2:8080/"), new Uri("http://10.1.0.4:8080/")], _h.Proxy.Find("blog")!.Destinations);
    }

    [Fact]
    public async Task Refresh_AttachedContainerGone_LeavesTheRoute()
    {
        // Arrange
        Attach("c1", ["blog"], "10.1.0.2");
        await _h.Routes.RefreshAsync(CancellationToken.None);

        // Act
        _h.Runtime.Attached.Clear();
        await _h.Routes.RefreshAsync(CancellationToken.None);

        // Assert
        Assert.Null(_h.Proxy.Find("blog"));
    }

    [Fact]
    public async Task Refresh_PushedAppOfTheSameName_WinsAndTheConflictIsLoggedOnceWhenItAppears()
    {
        // Arrange: a pushed app "web" serving, and a container with the alias "web" next to it
        await _h.PushAsync("web", "sha256:1");
        await _h.ConvergeAsync("web");
        var pushed = _h.Runtime.Instances.Single().Endpoints.Single();
        Attach("c1", ["web", "other"], "10.1.0.2");

        // Act
        for (var i = 0; i < 3; i++)
        {
            await _h.Routes.RefreshAsync(CancellationToken.None);
        }

        // Assert: the pushed app serves, the container's other alias still routes, and one warning
        var route = _h.Proxy.Find("web")!;
        Assert.False(route.Attached);
        Assert.Equal([pushed!], route.Destinations);
        Assert.True(_h.Proxy.Find("other")!.Attached);
        Assert.Equal(1, Conflicts());
        Assert.Contains("c1", _h.RouteLog.Entries.Single(e => e.Id.Id == 3002).Message, StringComparison.Ordinal);

        // Act: the container goes, then comes back
        _h.Runtime.Attached.Clear();
        await _h.Routes.RefreshAsync(CancellationToken.None);
        Attach("c1", ["web"], "10.1.0.2");
        await _h.Routes.RefreshAsync(CancellationToken.None);

        // Assert: a conflict that appears again is logged again
        Assert.Equal(2, Conflicts());
    }

    [Fact]
    public async Task Refresh_AttachedListFails_RoutesPushedAppsAndKeepsTheLastAttachedRoutes()
    {
        // Arrange
        Attach("c1", ["blog"], "10.1.0.2");
        await _h.Routes.RefreshAsync(CancellationToken.None);
        _h.Runtime.ListAttachedFailure = new IOException("inspect timed out");
        await _h.PushAsync("web", "sha256:1");

        // Act: the deploy's route switch refreshes
        await _h.ConvergeAsync("web");

        // Assert
        Assert.Equal([ReleaseState.Running], (await _h.StatesAsync("web")).Select(r => r.State));
        Assert.Single(_h.Proxy.Find("web")!.Destinations);
        Assert.True(_h.Proxy.Find("blog")!.Attached);
        Assert.Contains(_h.RouteLog.Entries, e => e.Id.Id == 3003 && e.Message.Contains("inspect timed out", StringComparison.Ordinal));
    }

    public void Dispose() => _h.Dispose();

    private int Conflicts() => _h.RouteLog.Entries.Count(e => e.Id.Id == 3002);

    private void Attach(string id, IReadOnlyList<string> aliases, string address, InstanceHealth health = InstanceHealth.None) =>
        _h.Runtime.Attached[id] = new AttachedContainer(id, aliases, new Uri($"http://{address}:8080/"), health);
}
