using Daas.Hosting;
using Daas.Metrics;
using Daas.Registry.Api;
using Daas.Registry.Storage;
using Daas.State;
using Daas.Tls;
using Daas.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Daas.Tests.TestSupport;

/// <summary>
/// An app with every route DaaS maps on its own host (registry, API, UI, metrics, OpenAPI), as
/// Program maps them, for tests that read the route table. The services the handlers take are
/// stand-ins that are never built: registered, so that binding sees them as services, not bodies.
/// </summary>
internal static class MappedRoutes
{
    private static readonly Type[] StandIns =
    [
        typeof(AppRepository), typeof(ReleaseRepository), typeof(StorageUsage), typeof(GarbageCollector), typeof(CertificateManager),
        typeof(MetricsPage), typeof(CredentialCheck), typeof(AuthFailureLimiter), typeof(SignedInSessions), typeof(DaasOptions),
    ];

    /// <summary>Builds the app; <paramref name="configure"/> may change its services first.</summary>
    public static WebApplication Build(Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddWeb();
        builder.Services.AddAuthorization();
        foreach (var type in StandIns)
        {
            builder.Services.AddSingleton(type, _ => throw new InvalidOperationException($"{type.Name} is a stand-in: the test only maps routes"));
        }

        builder.Services.AddSingleton(TimeProvider.System); // read while the app is built
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapRegistry();
        app.MapWeb();
        app.MapMetrics();
        return app;
    }
}
