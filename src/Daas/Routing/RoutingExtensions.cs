using Daas.Hosting;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Daas.Routing;

/// <summary>Composes the reverse proxy: YARP fed by <see cref="AppProxyConfigProvider"/>, with DaaS's error pages.</summary>
internal static class RoutingExtensions
{
    /// <summary>How long a request to an app in a stop-first deploy waits for the new instance.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(10);

    private static readonly object AppHostKey = new();

    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AppProxyConfigProvider>();
        builder.Services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<AppProxyConfigProvider>());
        builder.Services.AddSingleton<Tls.IDeployedApps>(sp => sp.GetRequiredService<AppProxyConfigProvider>());
        builder.Services.AddReverseProxy();
        builder.Services.AddSingleton<AppliedRoutes>();
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

            if (kind == HostKind.App)
            {
                context.Items[AppHostKey] = name;
            }

            await next(context);
        });

    /// <summary>
    /// After routing: a request for an app's host that matched one of DaaS's own endpoints (YARP
    /// applies a new app's route a moment after the snapshot names it) is answered as "not running
    /// yet", never by DaaS's registry or API.
    /// </summary>
    public static IApplicationBuilder UseAppHostGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Items.ContainsKey(AppHostKey) && context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is null)
            {
                await ErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable);
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
                var feature = context.GetReverseProxyFeature();
                var route = context.RequestServices.GetRequiredService<AppProxyConfigProvider>().Find(feature.Route.Config.RouteId);
                if (route is { PasswordProtected: true } && !await AppPassword.AuthorizeAsync(context))
                {
                    return;
                }

                if (feature.AvailableDestinations.Count == 0 && route is { Held: true })
                {
                    feature.AvailableDestinations = await WaitForDestinationsAsync(context, feature);
                }

                // An app with no running release gets 502 rather than YARP's bare 503.
                if (feature.AvailableDestinations.Count == 0)
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

    /// <summary>
    /// Waits until YARP has applied a route table in which the app has a destination, or the hold
    /// limit passes. The cluster's state object outlives config reloads, so polling it sees the new one.
    /// </summary>
    private static async Task<IReadOnlyList<DestinationState>> WaitForDestinationsAsync(HttpContext context, Yarp.ReverseProxy.Model.IReverseProxyFeature feature)
    {
        var provider = context.RequestServices.GetRequiredService<AppProxyConfigProvider>();
        var deadline = DateTime.UtcNow + HoldLimit;
        while (DateTime.UtcNow < deadline && !context.RequestAborted.IsCancellationRequested)
        {
            if (feature.Route.Cluster?.DestinationsState.AvailableDestinations is { Count: > 0 } available)
            {
                return available;
            }

            if (provider.Find(feature.Route.Config.RouteId) is not { } route || (!route.Held && route.Destination is null))
            {
                break; // no longer held and nothing serves: the deploy failed or the app went away
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return feature.Route.Cluster?.DestinationsState.AvailableDestinations ?? [];
    }
}
