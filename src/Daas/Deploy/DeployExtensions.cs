using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Daas.Registry;
using Docker.DotNet;

namespace Daas.Deploy;

/// <summary>Composes Deploy: the runtime (plain containers on one Docker engine), the deploy sequence and its background services.</summary>
internal static class DeployExtensions
{
    /// <summary>Checks that Docker answers and the apps' network exists before anything is served.</summary>
    public static async Task<IHostApplicationBuilder> AddDeployAsync(this IHostApplicationBuilder builder, DaasOptions options, CancellationToken cancellationToken)
    {
        // API 1.41 is Docker 20.10, Debian 12's engine; newer engines still serve it.
        var client = new DockerClientBuilder().WithEndpoint(new Uri(options.DockerHost)).WithApiVersion(new Version(1, 41)).Build();
        await DockerStartup.CheckReachableAsync(client, options, cancellationToken);
        try
        {
            await DockerStartup.EnsureNetworkAsync(client, options, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new StartupException($"cannot create the Docker network '{options.NetworkName}' (NETWORK_NAME): {e.Message}", e);
        }

        // In a container, DaaS joins the apps' network and is pulled from through its published port.
        var placement = await SelfContainer.PlaceAsync(client, options, cancellationToken);
        if (placement.ContainerId is { } self)
        {
            Console.WriteLine($"DaaS runs in container {self[..12]} on network '{options.NetworkName}'; the engine pulls from {placement.RegistryHost}.");
        }

        builder.Services.AddSingleton(placement);

        builder.Services.AddSingleton<IDockerClient>(client);
        builder.Services.AddSingleton<EngineDiskUsage>();
        builder.Services.AddSingleton<IAppRuntime, ContainerRuntime>();
        // A redirect would send the probe elsewhere (an HTTPS redirect: to DaaS's proxy and the old release); a 3xx already passes.
        builder.Services.AddHttpClient(nameof(HealthGate)).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        builder.Services.AddSingleton<HealthGate>();
        builder.Services.AddSingleton<DeployActivity>();
        builder.Services.AddSingleton<RouteSync>();
        builder.Services.AddSingleton<Deployer>();
        builder.Services.AddSingleton<AppConverger>();
        builder.Services.AddSingleton<DeployScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeployScheduler>());
        builder.Services.AddHostedService<RuntimeWatcher>();
        builder.Services.AddSingleton<IImagePushedListener, PushRecorder>();
        builder.Services.AddSingleton<IRetainedImages, RetainedReleaseImages>();
        return builder;
    }
}
