using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Daas.Deploy.Swarm;
using Daas.Registry;
using Docker.DotNet;

namespace Daas.Deploy;

/// <summary>Composes Deploy: the runtime (plain containers on one Docker engine, or Swarm services), the deploy sequence and its background services.</summary>
internal static class DeployExtensions
{
    /// <summary>Checks that Docker answers and the apps' network exists before anything is served.</summary>
    public static async Task<IHostApplicationBuilder> AddDeployAsync(this IHostApplicationBuilder builder, DaasOptions options, CancellationToken cancellationToken)
    {
        // API 1.41 is Docker 20.10, Debian 12's engine; newer engines still serve it.
        var client = new DockerClientBuilder().WithEndpoint(new Uri(options.DockerHost)).WithApiVersion(new Version(1, 41)).Build();
        await DockerStartup.CheckReachableAsync(client, options, cancellationToken);
        var swarm = await SwarmStartup.UsesSwarmAsync(client, options, cancellationToken);
        try
        {
            await (swarm is not null ? SwarmStartup.EnsureOverlayNetworkAsync(client, options, cancellationToken) : DockerStartup.EnsureNetworkAsync(client, options, cancellationToken));
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
        builder.Services.AddSingleton<ContainerRuntime>();
        if (swarm is not null)
        {
            builder.Services.AddSingleton(swarm);
            var registry = SwarmRegistry.For(options, placement.RegistryHost);
            Console.WriteLine(SwarmRegistry.ManagerOnly(options)
                ? $"Apps run as Swarm services; nodes pull from {registry.Address}, which only the manager reaches: set REGISTRY_ADDRESS to an address of DaaS every node reaches."
                : $"Apps run as Swarm services on network '{options.NetworkName}'; nodes pull from {registry.Address}.");
            builder.Services.AddSingleton(registry);
            builder.Services.AddSingleton<IAppRuntime, SwarmRuntime>();
        }
        else
        {
            builder.Services.AddSingleton<IAppRuntime>(sp => sp.GetRequiredService<ContainerRuntime>());
        }

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
