using System.Globalization;
using Daas.Deploy.Runtime;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// Pure: turns one instance of a release into the engine's create-container parameters — labels,
/// env, the app's named volumes, the apps' network with the app's name as alias, memory and CPU
/// limits, and a restart policy so Docker revives a crashed app.
/// </summary>
internal static class ContainerSpecBuilder
{
    public static CreateContainerParameters Build(InstancePlan plan, string image, string network, string instance) => new()
    {
        Name = $"daas-{plan.App}-{plan.ReleaseId}-{instance}",
        Image = image,
        Env = plan.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
        Labels = new Dictionary<string, string>
        {
            [DaasLabels.App] = plan.App,
            [DaasLabels.Release] = plan.ReleaseId.ToString(CultureInfo.InvariantCulture),
            [DaasLabels.Instance] = instance,
            [DaasLabels.ConfigHash] = plan.ConfigHash,
            [DaasLabels.Port] = plan.Port.ToString(CultureInfo.InvariantCulture),
        },
        HostConfig = new HostConfig
        {
            NetworkMode = network,
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            Memory = plan.MemoryBytes ?? 0,
            NanoCPUs = plan.NanoCpus ?? 0,
            // Every VOLUME path gets the app's named volume, so no anonymous volume is ever made.
            Mounts = plan.Volumes.Select(path => new Mount { Type = "volume", Source = VolumeNames.For(plan.App, path), Target = path }).ToList(),
        },
        NetworkingConfig = new NetworkingConfig
        {
            EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() { Aliases = [plan.App] } },
        },
    };
}
