namespace Daas.Metrics;

/// <summary>
/// GET /metrics on DOMAIN_NAME in Prometheus' text format, behind DaaS's credentials. An app's
/// host never gets here: the proxy forwards its /metrics to the app, ahead of endpoint routing.
/// </summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (MetricsPage page) => TypedResults.Text(page.Render(), PrometheusWriter.ContentType))
            .RequireAuthorization().ExcludeFromDescription();
        return routes;
    }
}
