using Daas;
using Daas.Deploy;
using Daas.Hosting;
using Daas.Metrics;
using Daas.Registry;
using Daas.Registry.Api;
using Daas.Routing;
using Daas.State;
using Daas.Tls;
using Daas.Web;
using Daas.Web.Ui;

// The image's HEALTHCHECK runs the executable itself (no shell or curl in the image).
if (args is [HealthCheckCommand.Argument])
{
    return await HealthCheckCommand.RunAsync(Environment.GetEnvironmentVariable("HTTP_PORT"), Console.Error);
}

try
{
    // Settings files sit beside the binary, whatever directory DaaS is started from.
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var options = await builder.AddHostingAsync(CancellationToken.None);
    await builder.AddStateAsync(options, CancellationToken.None);
    builder.AddMetrics();
    await builder.AddTlsAsync(options, CancellationToken.None);
    builder.AddRegistry(options);
    builder.AddRouting();
    builder.AddWeb();
    await builder.AddDeployAsync(options, CancellationToken.None);

    var app = builder.Build();
    app.UseTls();
    app.UseAppForwarding();
    app.UseDaasHostSecurity();
    app.UseRouting();
    // Named here, after the proxy: otherwise ASP.NET Core adds authentication at the pipeline's front, for every app request too.
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseUiAntiforgery();
    app.MapRegistry();
    app.MapWeb();
    app.MapMetrics();

    await app.StartListeningAsync(options);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync($"daas: {e.Message}");
    return 1;
}
