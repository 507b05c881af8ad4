namespace Daas.Metrics;

/// <summary>Composes the metrics: the counters the parts fill (TrafficMetrics is Routing's) and the page that reads them.</summary>
internal static class MetricsExtensions
{
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeployMetrics>();
        builder.Services.AddSingleton<RegistryMetrics>();
        builder.Services.AddSingleton<ClientConnections>();
        builder.Services.AddSingleton<ProcessMetrics>();
        builder.Services.AddSingleton<MetricsPage>();
        builder.Services.AddSingleton<RequestRates>();
        builder.Services.AddHostedService<RequestRateService>();
        return builder;
    }
}
