using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>The checks start-up makes before anything is served: the engine answers, the apps' network exists.</summary>
internal static class DockerStartup
{
    /// <summary>Fails with a <see cref="StartupException"/> naming DOCKER_HOST when the engine does not answer.</summary>
    public static async Task CheckReachableAsync(IDockerClient client, DaasOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await client.System.PingAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new StartupException($"cannot reach the Docker engine at {options.DockerHost} (DOCKER_HOST): {e.GetBaseException().Message}", e);
        }
    }

    /// <summary>Creates the apps' bridge network when it does not exist.</summary>
    public static async Task EnsureNetworkAsync(IDockerClient client, DaasOptions options, CancellationToken cancellationToken)
    {
        var networks = await client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);
        if (networks.Any(n => n.Name == options.NetworkName))
        {
            return;
        }

        try
        {
            await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = options.NetworkName, Driver = "bridge" }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created concurrently by another DaaS on the same engine: fine.
        }
    }
}
