using Daas.Routing;

namespace Daas.Tests.Routing;

public sealed class AppProxyConfigProviderTests
{
    private readonly AppProxyConfigProvider _provider = new(new DaasOptions { DomainName = "example.com", Username = "u", DataDir = "/tmp" });

    [Fact]
    public void Update_NewTable_FiresOldTokenAndServesCompleteNewSnapshot()
    {
        // Arrange
        _provider.Update([new AppRoute("a", new Uri("http://10.0.0.1:5000/"))]);
        var before = _provider.GetConfig();

        // Act
        _provider.Update([new AppRoute("a", new Uri("http://10.0.0.2:5000/")), new AppRoute("b", null)]);
        var after = _provider.GetConfig();

        // Assert
        Assert.True(before.ChangeToken.HasChanged);
        Assert.False(after.ChangeToken.HasChanged);
        Assert.Equal(["a"], before.Routes.Select(r => r.RouteId));
        Assert.Equal(["a", "b"], after.Routes.Select(r => r.RouteId));
        Assert.Equal("http://10.0.0.2:5000/", after.Clusters.Single(c => c.ClusterId == "a").Destinations!["current"].Address);
    }

    [Fact]
    public void Find_KnownAndUnknownApps_ReturnsRouteOrNull()
    {
        _provider.Update([new AppRoute("a", null)]);

        Assert.NotNull(_provider.Find("a"));
        Assert.Null(_provider.Find("b"));
    }
}
