using Daas.Metrics;
using Daas.Routing;

namespace Daas.Tests.Routing;

public sealed class RouteTableTests
{
    private static readonly Uri First = new("http://172.18.0.2:5000/");
    private static readonly Uri Second = new("http://172.18.0.3:5000/");
    private static readonly Uri Third = new("http://172.18.0.4:5000/");

    private readonly TrafficMetrics _traffic = new();
    private readonly RouteTable _table;

    public RouteTableTests() => _table = new RouteTable(new DaasOptions { DomainName = "example.com", Username = "u", DataDir = "/tmp" }, _traffic);

    [Theory]
    [InlineData("web.example.com")]
    [InlineData("www.web.example.com")]
    [InlineData("WEB.Example.COM")]
    public void Update_App_IsFoundOnItsHostAndWwwHostInAnyCase(string host)
    {
        _table.Update([new AppRoute("web", [First])]);

        Assert.True(_table.Current.TryFindHost(host, out var app));
        Assert.Equal("web", app!.Route.App);
        Assert.Equal(First, app.Pick()!.Address);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("other.example.com")]
    [InlineData("web.example.org")]
    [InlineData("x.web.example.com")]
    public void Update_OtherHosts_AreNotApps(string host)
    {
        _table.Update([new AppRoute("web", [First])]);

        Assert.False(_table.Current.TryFindHost(host, out _));
    }

    [Fact]
    public void Update_NewTable_ReplacesTheSnapshotWholeAndSignalsTheOldOne()
    {
        // Arrange
        _table.Update([new AppRoute("a", [First])]);
        var before = _table.Current;

        // Act
        _table.Update([new AppRoute("a", [Second]), new AppRoute("b", [])]);

        // Assert
        Assert.True(before.Replaced.IsCompleted);
        Assert.False(_table.Current.Replaced.IsCompleted);
        Assert.Equal(["a"], before.Apps.Keys.ToArray());
        Assert.Equal(["a", "b"], _table.Current.Apps.Keys.Order());
        Assert.Equal(Second, _table.Find("a")!.Destinations.Single());
        Assert.Null(_table.Current.Apps["b"].Pick());
        Assert.Null(_table.Find("c"));
    }

    [Fact]
    public void Update_SameAddress_KeepsTheDestinationAndItsInFlightCount()
    {
        _table.Update([new AppRoute("a", [First])]);
        var destination = _table.Current.Apps["a"].Pick()!;
        Assert.True(destination.TryEnter());

        _table.Update([new AppRoute("a", [First]) { PasswordProtected = true }]);

        Assert.Same(destination, _table.Current.Apps["a"].Pick());
        Assert.Equal(1, destination.InFlight);
    }

    [Fact]
    public void TryEnter_DestinationThatLeftTheRoute_IsRefused()
    {
        _table.Update([new AppRoute("a", [First])]);
        var old = _table.Current.Apps["a"].Pick()!;

        _table.Update([new AppRoute("a", [Second])]);

        Assert.False(old.TryEnter());
        Assert.Equal(0, old.InFlight);
    }

    [Fact]
    public void Pick_SeveralDestinations_SpreadsRequestsAndAvoidsTheBusyOne()
    {
        _table.Update([new AppRoute("a", [First, Second])]);
        var app = _table.Current.Apps["a"];
        var busy = app.Destinations.Single(d => d.Address == First);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(busy.TryEnter());
        }

        var picked = Enumerable.Range(0, 10).Select(_ => app.Pick()!.Address).ToList();

        Assert.All(picked, address => Assert.Equal(Second, address));
    }

    [Fact]
    public void Pick_DestinationMarkedUnreachable_PassedOverUntilItsTimeIsUp()
    {
        _table.Update([new AppRoute("a", [First, Second, Third])]);
        var app = _table.Current.Apps["a"];
        var down = app.Destinations.Single(d => d.Address == Second);

        down.MarkUnreachable(System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency * 60);
        var picked = Enumerable.Range(0, 30).Select(_ => app.Pick()!.Address).ToHashSet();
        down.MarkUnreachable(0);
        var again = Enumerable.Range(0, 30).Select(_ => app.Pick()!.Address).ToHashSet();

        Assert.Equal([First.ToString(), Third.ToString()], picked.Select(u => u.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(Second, again);
    }

    [Fact]
    public void Pick_EveryDestinationUnreachable_StillOneButNeverTheOneExcepted()
    {
        _table.Update([new AppRoute("a", [First, Second])]);
        var app = _table.Current.Apps["a"];
        foreach (var destination in app.Destinations)
        {
            destination.MarkUnreachable(long.MaxValue);
        }

        var first = app.Destinations.Single(d => d.Address == First);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(Second, app.Pick(except: first)!.Address));
        Assert.NotNull(app.Pick());
    }

    [Fact]
    public void Pick_OnlyDestinationExcepted_None()
    {
        _table.Update([new AppRoute("a", [First])]);
        var app = _table.Current.Apps["a"];

        Assert.Null(app.Pick(except: app.Destinations[0]));
    }

    [Fact]
    public async Task DrainAsync_RequestInFlightOnTheOldAddress_ReturnsWhenItEnds()
    {
        // Arrange
        _table.Update([new AppRoute("a", [First])]);
        var old = _table.Current.Apps["a"].Pick()!;
        Assert.True(old.TryEnter());
        _table.Update([new AppRoute("a", [Second])]);

        // Act
        var drain = _table.DrainAsync([First], TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        await Task.Delay(100);
        var waitedForTheRequest = !drain.IsCompleted;
        old.Exit();
        var left = await drain.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.True(waitedForTheRequest);
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task DrainAsync_RequestThatOutlastsTheLimit_ReturnsItsCountAtTheLimit()
    {
        _table.Update([new AppRoute("a", [First])]);
        Assert.True(_table.Current.Apps["a"].Pick()!.TryEnter());
        _table.Update([]);

        var left = await _table.DrainAsync([First], TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);

        Assert.Equal(1, left);
    }

    [Fact]
    public async Task DrainAsync_AddressStillRouted_DoesNotWait()
    {
        _table.Update([new AppRoute("a", [First])]);
        Assert.True(_table.Current.Apps["a"].Pick()!.TryEnter());

        var left = await _table.DrainAsync([First, Second], TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, left);
    }

    [Fact]
    public void Update_AppGone_DropsItsTrafficCounters()
    {
        _table.Update([new AppRoute("a", [First]), new AppRoute("b", [])]);
        var before = _traffic.For("a");

        _table.Update([new AppRoute("b", [])]);

        Assert.Equal(["b"], _traffic.All.Select(t => t.App));
        Assert.NotSame(before, _traffic.For("a"));
    }

    [Fact]
    public void TrafficOf_AddressOfAnApp_GivesThatAppsCounters()
    {
        _table.Update([new AppRoute("a", [First])]);

        Assert.Same(_traffic.For("a"), _table.TrafficOf("172.18.0.2", 5000));
        Assert.Null(_table.TrafficOf("172.18.0.9", 5000));
    }

    [Fact]
    public void Update_AddressLeavesAndIsNotAlive_EndsItsRequestsAndALaterInstanceThereStartsFresh()
    {
        // Arrange
        _table.Update([new AppRoute("a", [First])]);
        var dead = _table.Current.Apps["a"].Pick()!;
        Assert.True(dead.TryEnter());

        // Act: the container died (not among the running instances' addresses)
        _table.Update([new AppRoute("a", [])], alive: new HashSet<string>(StringComparer.Ordinal));
        _table.Update([new AppRoute("a", [First])], alive: new HashSet<string>(StringComparer.Ordinal) { RouteTable.KeyOf(First) });

        // Assert
        Assert.True(dead.Gone.IsCancellationRequested);
        var fresh = _table.Current.Apps["a"].Pick()!;
        Assert.NotSame(dead, fresh);
        Assert.False(fresh.Gone.IsCancellationRequested);
    }

    [Fact]
    public void Update_AddressLeavesButIsAlive_IsDrainedNotEnded()
    {
        _table.Update([new AppRoute("a", [First])]);
        var old = _table.Current.Apps["a"].Pick()!;
        Assert.True(old.TryEnter());

        _table.Update([new AppRoute("a", [Second])], alive: new HashSet<string>(StringComparer.Ordinal) { RouteTable.KeyOf(First), RouteTable.KeyOf(Second) });

        Assert.False(old.Gone.IsCancellationRequested);
        Assert.Equal(1, old.InFlight);
    }
}
