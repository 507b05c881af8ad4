using Daas.Routing;

namespace Daas.Tests.Routing;

public sealed class RouteTableBuilderTests
{
    [Fact]
    public void Build_Apps_OneRouteOnTheAppAndWwwHostsAndOneClusterEach()
    {
        // Arrange
        var apps = new[] { new AppRoute("web", new Uri("http://172.18.0.2:5000/")), new AppRoute("down", null) };

        // Act
        var (routes, clusters) = RouteTableBuilder.Build("example.com", apps);

        // Assert
        Assert.Equal(["down", "web"], routes.Select(r => r.RouteId));
        var web = routes.Single(r => r.RouteId == "web");
        Assert.Equal(["web.example.com", "www.web.example.com"], web.Match.Hosts);
        Assert.Equal("/{**catch-all}", web.Match.Path);
        Assert.True(web.Order < 0, "app routes must win over DaaS's own endpoints on the app's host");
        Assert.Equal("http://172.18.0.2:5000/", clusters.Single(c => c.ClusterId == "web").Destinations!.Single().Value.Address);
        Assert.Empty(clusters.Single(c => c.ClusterId == "down").Destinations!);
    }
}
