using System.Globalization;
using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Docker.DotNet.Models;

namespace Daas.Deploy.Swarm;

/// <summary>
/// Pure: one instance of a release as a Swarm service: <see cref="InstancePlan.Replicas"/> tasks on
/// the apps' overlay network with the app's name as alias, DNS round robin instead of a virtual IP
/// (DaaS routes to the tasks' own addresses, so neither the VIP nor the ingress mesh is needed),
/// the plan's placement constraints and limits, and a restart policy so Swarm revives crashed tasks.
/// A deploy makes a new service for the new release and removes the old one once it has drained,
/// so a failed release never touches the old tasks; the Deployer decides the order (start-first,
/// or stop-first for apps with volumes: the old service is scaled to 0 first).
/// </summary>
internal static class ServiceSpecBuilder
{
    /// <summary>Swarm's limit for a service name (a DNS label).</summary>
    private const int MaxName = 63;

    public static ServiceSpec Build(InstancePlan plan, string image, string network, string instance, string? pinnedNode)
    {
        var labels = new Dictionary<string, string>
        {
            [DaasLabels.App] = plan.App,
            [DaasLabels.Release] = plan.ReleaseId.ToString(CultureInfo.InvariantCulture),
            [DaasLabels.Instance] = instance,
            [DaasLabels.ConfigHash] = plan.ConfigHash,
            [DaasLabels.Port] = plan.Port.ToString(CultureInfo.InvariantCulture),
            [DaasLabels.Replicas] = plan.Replicas.ToString(CultureInfo.InvariantCulture),
        };
        var constraints = plan.Constraints.ToList();
        if (pinnedNode is not null)
        {
            constraints.Add($"node.id=={pinnedNode}");
        }

        return new ServiceSpec
        {
            Name = NameOf(plan.App, plan.ReleaseId, instance),
            Labels = labels,
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)plan.Replicas } },
            EndpointSpec = new EndpointSpec { Mode = "dnsrr" },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = image,
                    Env = plan.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
                    // The tasks' containers carry the labels too: the attached-container scan skips them.
                    Labels = new Dictionary<string, string>(labels),
                    StopGracePeriod = Deployer.StopGracePeriod,
                    Mounts = plan.Volumes.Select(path => new Mount
                    {
                        Type = "volume",
                        Source = VolumeNames.For(plan.App, path),
                        Target = path,
                        VolumeOptions = new VolumeOptions
                        {
                            Labels = new Dictionary<string, string> { [DaasLabels.App] = plan.App, [DaasLabels.Instance] = instance, [DaasLabels.VolumePath] = path },
                            DriverConfig = plan.VolumeDriver is null ? null : new Driver { Name = plan.VolumeDriver },
                        },
                    }).ToList(),
                },
                Networks = [new NetworkAttachmentConfig { Target = network, Aliases = [plan.App] }],
                RestartPolicy = new SwarmRestartPolicy { Condition = "any", Delay = TimeSpan.FromSeconds(1) },
                Placement = constraints.Count == 0 ? null : new Placement { Constraints = constraints },
                Resources = plan.MemoryBytes is null && plan.NanoCpus is null ? null : new ResourceRequirements
                {
                    Limits = new SwarmLimit { MemoryBytes = plan.MemoryBytes, NanoCPUs = plan.NanoCpus },
                },
            },
        };
    }

    /// <summary>app-r&lt;release id&gt;-&lt;instance&gt;, the app's part shortened to fit a DNS label; unique per DaaS and release.</summary>
    public static string NameOf(string app, long releaseId, string instance)
    {
        var suffix = $"-r{releaseId.ToString(CultureInfo.InvariantCulture)}-{instance[..Math.Min(6, instance.Length)]}";
        return (app.Length + suffix.Length <= MaxName ? app : app[..(MaxName - suffix.Length)].TrimEnd('-')) + suffix;
    }
}
