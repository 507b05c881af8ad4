using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// Where DaaS runs, as the engine sees it: on the host (or in a container on the host's network), or
/// in a container of that engine, which must join the apps' network and be pulled from through the
/// host port its HTTP_PORT is published on.
/// </summary>
/// <param name="ContainerId">DaaS's own container, or null when it runs on the host.</param>
/// <param name="RegistryHost">host:port the engine pulls pushed images from over plain HTTP.</param>
internal sealed record SelfPlacement(string? ContainerId, string RegistryHost);

/// <summary>Finds DaaS's own container, if any, and connects it to the apps' network.</summary>
internal static partial class SelfContainer
{
    /// <summary>
    /// Decides where DaaS runs and, in a container, joins it to NETWORK_NAME. Throws a
    /// <see cref="StartupException"/> when DaaS runs in a container whose HTTP_PORT is not published.
    /// </summary>
    public static async Task<SelfPlacement> PlaceAsync(IDockerClient client, DaasOptions options, CancellationToken cancellationToken)
    {
        var onHost = new SelfPlacement(null, $"127.0.0.1:{options.HttpPort}");
        var container = await FindAsync(client, ReadOrEmpty("/proc/self/mountinfo"), ReadOrEmpty("/proc/self/cgroup"), Environment.MachineName, cancellationToken);
        if (container is null || container.HostConfig?.NetworkMode == "host")
        {
            // Not a container of this engine, or one sharing the host's network: loopback is the host's.
            return onHost;
        }

        var hostPort = PublishedHostPort(container.NetworkSettings?.Ports, options.HttpPort)
            ?? throw new StartupException(
                $"DaaS runs in container {container.ID[..12]} but its port {options.HttpPort} (HTTP_PORT) is not published on the host's loopback or all addresses, " +
                $"so the engine cannot pull pushed images from it: run it with -p 80:{options.HttpPort} (or -p 127.0.0.1:PORT:{options.HttpPort})");

        if (container.NetworkSettings?.Networks is not { } networks || !networks.ContainsKey(options.NetworkName))
        {
            try
            {
                await client.Networks.ConnectNetworkAsync(options.NetworkName, new NetworkConnectParameters { Container = container.ID }, cancellationToken);
            }
            catch (DockerApiException e)
            {
                throw new StartupException($"cannot connect DaaS's container {container.ID[..12]} to the Docker network '{options.NetworkName}' (NETWORK_NAME): {ContainerMapping.MessageOf(e)}", e);
            }
        }

        return new SelfPlacement(container.ID, $"127.0.0.1:{hostPort}");
    }

    /// <summary>
    /// Ids this process's container may have, most reliable first: the engine bind-mounts
    /// /etc/hostname (and /etc/hosts, /etc/resolv.conf) from /var/lib/docker/containers/&lt;id&gt;/,
    /// and cgroup v1 paths end in the id. The host's own mounts of other containers' files
    /// (their /dev/shm) are mounted elsewhere than /etc, so they never count.
    /// </summary>
    public static IReadOnlyList<string> CandidateIds(string mountinfo, string cgroup)
    {
        var ids = new List<string>();
        foreach (var line in mountinfo.Split('\n'))
        {
            // mountinfo: id parent major:minor root mount-point options ... (proc(5)).
            var fields = line.Split(' ');
            if (fields.Length > 4 && fields[4] is "/etc/hostname" or "/etc/hosts" or "/etc/resolv.conf"
                && MountedFromContainer().Match(fields[3]) is { Success: true } match)
            {
                ids.Add(match.Groups[1].Value);
            }
        }

        foreach (var line in cgroup.Split('\n'))
        {
            if (CgroupOfContainer().Match(line) is { Success: true } match)
            {
                ids.Add(match.Groups[1].Value);
            }
        }

        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The host port container port <paramref name="containerPort"/>/tcp is published on where the
    /// engine reaches it as 127.0.0.1 (bound to all addresses or to loopback), or null.
    /// </summary>
    public static int? PublishedHostPort(IDictionary<string, IList<PortBinding>>? ports, int containerPort)
    {
        if (ports is null || !ports.TryGetValue($"{containerPort.ToString(CultureInfo.InvariantCulture)}/tcp", out var bindings) || bindings is null)
        {
            return null;
        }

        foreach (var binding in bindings)
        {
            if (binding.HostIP is null or "" or "0.0.0.0" or "127.0.0.1"
                && int.TryParse(binding.HostPort, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                return port;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="container"/>, found by a candidate id, is this very process's: its
    /// hostname is ours. A candidate that only looks like an id (the default hostname) must match too.
    /// </summary>
    public static bool IsSelf(ContainerInspectResponse container, string hostname) =>
        container.State?.Running == true
        && string.Equals(container.Config?.Hostname, hostname, StringComparison.OrdinalIgnoreCase);

    private static async Task<ContainerInspectResponse?> FindAsync(IDockerClient client, string mountinfo, string cgroup, string hostname, CancellationToken cancellationToken)
    {
        var candidates = CandidateIds(mountinfo, cgroup).ToList();
        // Docker's default hostname is the container's short id: a last resort, checked like the rest.
        if (ShortId().IsMatch(hostname))
        {
            candidates.Add(hostname);
        }

        foreach (var id in candidates)
        {
            try
            {
                var container = await client.Containers.InspectContainerAsync(id, cancellationToken);
                if (IsSelf(container, hostname) && container.ID.StartsWith(id, StringComparison.Ordinal))
                {
                    return container;
                }
            }
            catch (DockerContainerNotFoundException)
            {
                // A container of another engine (DaaS on a host that is itself a container), or none.
            }
        }

        return null;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"/containers/([0-9a-f]{64})/(hostname|hosts|resolv\.conf)$")]
    private static partial Regex MountedFromContainer();

    [GeneratedRegex(@"(?:/docker/|docker-)([0-9a-f]{64})(?:\.scope)?$")]
    private static partial Regex CgroupOfContainer();

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex ShortId();
}
