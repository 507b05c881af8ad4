using Yarp.ReverseProxy.Configuration;

namespace Daas.Routing;

/// <summary>
/// Turns the apps and their destinations into YARP routes and clusters: one route per app on
/// hosts &lt;app&gt;.&lt;domain&gt; and www.&lt;app&gt;.&lt;domain&gt; (as the seed's nginx served), ordered
/// before DaaS's own endpoints so an app owns every path on its hosts.
/// </summary>
internal static class RouteTableBuilder
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(string domain, IEnumerable<AppRoute> apps)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var app in apps.OrderBy(a => a.App, StringComparer.Ordinal))
        {
            routes.Add(new RouteConfig
            {
                RouteId = app.App,
                ClusterId = app.App,
                Order = -1,
                Match = new RouteMatch { Hosts = [$"{app.App}.{domain}", $"www.{app.App}.{domain}"], Path = "/{**catch-all}" },
            });
            var destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
            if (app.Destination is not null)
            {
                destinations["current"] = new DestinationConfig { Address = app.Destination.ToString() };
            }

            clusters.Add(new ClusterConfig { ClusterId = app.App, Destinations = destinations });
        }

        return (routes, clusters);
    }
}
