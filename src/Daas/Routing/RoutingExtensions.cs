using Daas.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace Daas.Routing;

/// <summary>Composes the reverse proxy: YARP fed by <see cref="AppProxyConfigProvider"/>, with DaaS's error pages.</summary>
internal static class RoutingExtensions
{
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AppProxyConfigProvider>();
        builder.Services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<AppProxyConfigProvider>());
        builder.Services.AddReverseProxy();
        return builder;
    }

    /// <summary>
    /// Answers requests for hosts that are no app with a plain 404 before routing, so DaaS's own
    /// endpoints (/v2/, /api/) are reachable only on DOMAIN_NAME.
    /// </summary>
    public static IApplicationBuilder UseHostDispatch(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // "app.example.com." is the same name; strip the dot so YARP's exact host match finds the route.
            if (context.Request.Host.Host.EndsWith('.'))
            {
                var host = context.Request.Host;
                context.Request.Host = host.Port is { } port ? new HostString(host.Host.TrimEnd('.'), port) : new HostString(host.Host.TrimEnd('.'));
            }

            var classifier = context.RequestServices.GetRequiredService<HostClassifier>();
            var kind = classifier.Classify(context.Request.Host.Host, out var name);
            var known = kind == HostKind.Daas
                || (kind == HostKind.App && context.RequestServices.GetRequiredService<AppProxyConfigProvider>().Find(name) is not null);
            if (!known)
            {
                await ErrorPages.WriteAsync(context, StatusCodes.Status404NotFound);
                return;
            }

            await next(context);
        });

    public static IEndpointRouteBuilder MapAppProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.Use(async (context, next) =>
            {
                // An app with no running release gets 502 rather than YARP's bare 503.
                if (context.GetReverseProxyFeature().AvailableDestinations.Count == 0)
                {
                    await ErrorPages.WriteAsync(context, StatusCodes.Status502BadGateway);
                    return;
                }

                await next();
                if (context.Response.StatusCode == StatusCodes.Status502BadGateway && !context.Response.HasStarted)
                {
                    await ErrorPages.WriteAsync(context, StatusCodes.Status502BadGateway);
                }
            });
            proxy.UseLoadBalancing();
        });
        return endpoints;
    }
}
