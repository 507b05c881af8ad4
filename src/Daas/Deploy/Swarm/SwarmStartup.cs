using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Swarm;

/// <summary>Start-up's Swarm checks: whether apps run as services, and the attachable overlay network they share with DaaS.</summary>
internal static class SwarmStartup
{
    /// <summary>
    /// The manager DaaS talks to (its node id) when apps are to run as Swarm services, else null: ORCHESTRATOR=swarm, or auto and the engine is an
    /// active Swarm manager whose NETWORK_NAME is not already a bridge network (a single-engine
    /// install, whose apps stay containers). ORCHESTRATOR=swarm on an engine that is not a manager
    /// stops start-up.
    /// </summary>
    public static async Task<SwarmManager?> UsesSwarmAsync(IDockerClient client, DaasOptions options, CancellationToken cancellationToken)
    {
        if (options.Orchestrator == Orchestrator.Docker)
        {
            return null;
        }

        var swarm = (await client.System.GetSystemInfoAsync(cancellationToken)).Swarm;
        var manager = swarm is { LocalNodeState: "active", ControlAvailable: true };
        if (options.Orchestrator == Orchestrator.Swarm && !manager)
        {
            throw new StartupException(
                $"ORCHESTRATOR=swarm, but the engine at {options.DockerHost} is not a Swarm manager (its node state is '{swarm?.LocalNodeState}'): " +
                "run `docker swarm init` there, or point DOCKER_HOST at a manager");
        }

        if (manager && options.Orchestrator == Orchestrator.Auto
            && (await client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken)).FirstOrDefault(n => n.Name == options.NetworkName) is { Driver: not "overlay" } network)
        {
            // An install from before Swarm (its apps are containers on that bridge) stays as it was.
            Console.WriteLine(
                $"The engine is a Swarm manager, but NETWORK_NAME '{options.NetworkName}' is a {network.Driver} network: apps run as containers. " +
                "For Swarm services, set ORCHESTRATOR=swarm with a NETWORK_NAME that is not a bridge network (your apps will be deployed again as services).");
            return null;
        }

        return manager ? new SwarmManager(swarm!.NodeID) : null;
    }

    /// <summary>Creates NETWORK_NAME as an attachable overlay when missing; a non-overlay network of that name stops start-up.</summary>
    public static async Task EnsureOverlayNetworkAsync(IDockerClient client, DaasOptions options, CancellationToken cancellationToken)
    {
        var existing = (await client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken)).FirstOrDefault(n => n.Name == options.NetworkName);
        if (existing is not null)
        {
            if (existing.Driver != "overlay" || !existing.Attachable)
            {
                throw new StartupException(
                    $"the Docker network '{options.NetworkName}' (NETWORK_NAME) is a {existing.Driver} network{(existing.Attachable ? "" : ", not attachable")}; " +
                    $"on Swarm the apps need an attachable overlay: remove it (docker network rm {options.NetworkName}) or set NETWORK_NAME to another name");
            }

            return;
        }

        try
        {
            await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = options.NetworkName, Driver = "overlay", Attachable = true }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created concurrently: fine.
        }
    }
}

/// <summary>The Swarm manager node DaaS's engine is, where apps' tasks go when only the manager can pull or hold their data.</summary>
internal sealed record SwarmManager(string NodeId);
