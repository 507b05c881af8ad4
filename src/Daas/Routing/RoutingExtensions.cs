using Daas.Hosting;
using Daas.Metrics;
using Yarp.ReverseProxy.Forwarder;

namespace Daas.Routing;

/// <summary>Composes the reverse proxy: the route table, YARP's forwarder and the pool of connections to apps.</summary>
internal static class RoutingExtensions
{
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrafficMetrics>();
        builder.Services.AddSingleton<RouteTable>();
        builder.Services.AddSingleton<Tls.IDeployedApps>(sp => sp.GetRequiredService<RouteTable>());
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(sp => new AppForwarder(
            sp.GetRequiredService<RouteTable>(),
            sp.GetRequiredService<HostClassifier>(),
            sp.GetRequiredService<IHttpForwarder>(),
            AppConnections.Create(sp.GetRequiredService<RouteTable>())));
        return builder;
    }

    /// <summary>
    /// Forwards app traffic before anything else DaaS does per request (after the ACME challenge
    /// and the HTTPS redirect); only DaaS's own host goes on to routing and its endpoints.
    /// </summary>
    public static IApplicationBuilder UseAppForwarding(this IApplicationBuilder app)
    {
        var forwarder = app.ApplicationServices.GetRequiredService<AppForwarder>();
        return app.Use(forwarder.Wrap);
    }
}
