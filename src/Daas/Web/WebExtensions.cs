using Daas.State;
using Daas.Tls;
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
        });
        builder.Services.AddSingleton<AppViews>();
        builder.AddUi();
        return builder;
    }

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder routes)
    {
        routes.MapAppEndpoints();
        routes.MapAppLifecycleEndpoints();
        routes.MapRegistryAdminEndpoints();
        routes.MapCertificateEndpoints();
        routes.MapUiEndpoints();
        return routes;
    }
}
