using System.Globalization;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>What one release runs: the inputs of <see cref="ContainerSpecBuilder.Build"/>.</summary>
internal sealed record ReleaseSpec(
    string App,
    long ReleaseId,
    string Image,
    int Port,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Env);

/// <summary>
/// Pure: turns a release into the engine's create-container parameters — labels, env, the apps'
/// network with the app's name as alias, and a restart policy so Docker revives a crashed app.
/// </summary>
internal static class ContainerSpecBuilder
{
    public const int DefaultPort = 8080;

    public static CreateContainerParameters Build(ReleaseSpec release, string network, string instance) => new()
    {
        Name = $"daas-{release.App}-{release.ReleaseId}-{instance}",
        Image = release.Image,
        Env = release.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
        Labels = new Dictionary<string, string>
        {
            [DaasLabels.App] = release.App,
            [DaasLabels.Release] = release.ReleaseId.ToString(CultureInfo.InvariantCulture),
            [DaasLabels.Instance] = instance,
            [DaasLabels.ConfigHash] = release.ConfigHash,
            [DaasLabels.Port] = release.Port.ToString(CultureInfo.InvariantCulture),
        },
        HostConfig = new HostConfig
        {
            NetworkMode = network,
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
        },
        NetworkingConfig = new NetworkingConfig
        {
            EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() { Aliases = [release.App] } },
        },
    };

    /// <summary>
    /// The port the app listens on: the image's daas.port label, else its lowest EXPOSEd TCP port,
    /// else 8080. Docker keeps EXPOSEd ports as a map and loses their order, so "first" cannot be
    /// known; the lowest picks 80 over 443 and an app's port over a debug port.
    /// </summary>
    public static int PortOf(IDictionary<string, string>? labels, IEnumerable<string>? exposedPorts)
    {
        if (labels is not null && labels.TryGetValue(DaasLabels.Port, out var label)
            && int.TryParse(label, CultureInfo.InvariantCulture, out var labelled) && labelled is > 0 and <= 65535)
        {
            return labelled;
        }

        var lowest = int.MaxValue;
        foreach (var exposed in exposedPorts ?? [])
        {
            var parts = exposed.Split('/');
            var protocol = parts.Length > 1 ? parts[1] : "tcp";
            if (protocol == "tcp" && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
            {
                lowest = Math.Min(lowest, port);
            }
        }

        return lowest == int.MaxValue ? DefaultPort : lowest;
    }
}
