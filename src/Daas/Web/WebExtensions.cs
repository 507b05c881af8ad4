using Daas.State;
using Daas.Tls;
using Daas.Web.Actions;
using Daas.Web.Api;
using Daas.Web.Ui;

namespace Daas.Web;

/// <summary>Composes the web part: the JSON API under /api and the UI (Ui/).</summary>
internal static class WebExtensions
{
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default);
            // States and triggers as camelCase names ("envChange"), as State stores them; a source
            // generated context's own converter options do not apply inside another resolver chain.
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<AppState>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<ReleaseState>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<ReleaseTrigger>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<DeployStrategy>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<CertificateState>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<CertificateSource>());
            json.SerializerOptions.Converters.Add(new CamelCaseEnumConverter<AppHealth>());
        });
        builder.Services.AddSingleton<AppViews>();
        builder.Services.AddSingleton<AppActions>();
        builder.Services.AddSingleton<AppLogs>();
        builder.Services.AddSingleton<RegistryActions>();
        builder.Services.AddOpenApi(); // describes every endpoint not excluded: the /api routes
        builder.AddUi();
        return builder;
    }

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder routes)
    {
        routes.MapAppEndpoints();
        routes.MapAppLifecycleEndpoints();
        routes.MapRegistryAdminEndpoints();
        routes.MapCertificateEndpoints();
        routes.MapLogEndpoints();
        routes.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization().AddEndpointFilter(ReturnMemoryAfterwards);
        routes.MapUiEndpoints();
        return routes;
    }

    /// <summary>
    /// Building the OpenAPI document allocates about 19 MiB that idle DaaS would keep (measured on
    /// the Native AOT build: RSS 55 -> 74 MiB after one fetch); it is fetched rarely, so once it is
    /// sent the heap is compacted and the pages go back to the OS, as after start-up.
    /// </summary>
    private static async ValueTask<object?> ReturnMemoryAfterwards(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        context.HttpContext.Response.OnCompleted(static () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return Task.CompletedTask;
        });
        return result;
    }
}
