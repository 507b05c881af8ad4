using System.Net;
using Daas.Deploy.Docker;
using Daas.Deploy.Runtime;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Swarm;

/// <summary>
/// <see cref="IAppRuntime"/> on Docker Swarm: each instance of a release is a service (see
/// <see cref="ServiceSpecBuilder"/>) whose tasks run on any node, pulled from DaaS's registry at
/// <paramref name="registry"/> with DaaS's credentials. What only concerns the engine DaaS talks to
/// (reading an image, attached containers, volumes, images to prune) is the manager's and goes to
/// <paramref name="local"/>. Docker.DotNet types stay in Deploy/Docker and Deploy/Swarm.
/// </summary>
internal sealed class SwarmRuntime(
    IDockerClient client,
    ContainerRuntime local,
    DaasOptions options,
    State.InstanceId instance,
    Hosting.EngineCredentials credentials,
    SwarmRegistry registry,
    SwarmManager manager,
    TimeProvider time) : IAppRuntime
{
    // Services that carry this process's registry credentials (made by it, or renewed once).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _renewed = new(StringComparer.Ordinal);

    public Task<ImageFacts> PrepareAsync(string app, string digest, CancellationToken cancellationToken) =>
        local.PrepareAsync(app, digest, cancellationToken);

    public async Task<string> StartAsync(InstancePlan plan, CancellationToken cancellationToken)
    {
        var pinned = await PinnedNodeAsync(plan, cancellationToken);
        var spec = ServiceSpecBuilder.Build(plan, $"{registry.Address}/{plan.App}@{plan.Digest}", options.NetworkName, instance.Value, pinned);
        try
        {
            var created = await client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec, RegistryAuth = Auth }, cancellationToken);
            var id = created.ID ?? throw new InvalidOperationException("the Swarm manager gave no service id");
            _renewed.TryAdd(id, true);
            return id;
        }
        catch (DockerApiException e)
        {
            throw new InvalidOperationException($"the Swarm manager refused the service: {ContainerMapping.MessageOf(e)}", e);
        }
    }

    public async Task<InstanceStatus?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindServiceAsync(id, cancellationToken) is not { } service)
        {
            return null;
        }

        return ServiceMapping.StatusOf(service, await TasksOfAsync([service.ID], cancellationToken), options.NetworkName);
    }

    public async Task<IReadOnlyList<AppInstance>> ListAsync(string? app, CancellationToken cancellationToken)
    {
        var services = await ServicesAsync(app, cancellationToken);
        if (services.Count == 0)
        {
            return [];
        }

        var tasks = (await TasksOfAsync(services.Select(s => s.ID), cancellationToken)).ToLookup(t => t.ServiceID, StringComparer.Ordinal);
        return services.Select(s => ServiceMapping.InstanceOf(s, tasks[s.ID], options.NetworkName)).OfType<AppInstance>().ToList();
    }

    public Task<IReadOnlyList<AttachedContainer>> ListAttachedAsync(CancellationToken cancellationToken) => local.ListAttachedAsync(cancellationToken);

    public bool CanScale => true;

    /// <summary>Scales the service in place (Swarm starts or stops tasks) and keeps the count in its label, for a resume.</summary>
    public Task ScaleAsync(string id, int replicas, CancellationToken cancellationToken) => ScaleAsync(id, _ => replicas, cancellationToken, relabel: true);

    /// <summary>Scales a stopped service back to the replicas its release asked for.</summary>
    public Task ResumeAsync(string id, CancellationToken cancellationToken) =>
        ScaleAsync(id, service => int.TryParse(service.Spec?.Labels.Get(DaasLabels.Replicas), out var replicas) ? replicas : 1, cancellationToken);

    /// <summary>Scales the service to 0 and keeps it; Swarm gives each task its stop grace period (the spec's).</summary>
    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken) => ScaleAsync(id, _ => 0, cancellationToken);

    public async Task RemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await client.Swarm.RemoveServiceAsync(id, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public async Task<string> TailLogsAsync(string id, int lines, CancellationToken cancellationToken)
    {
        var tail = new List<string>();
        await foreach (var line in ReadLogsAsync(id, lines, follow: false, cancellationToken))
        {
            tail.Add(line);
        }

        return string.Join('\n', tail).Trim();
    }

    /// <summary>The service's log: every task's lines, as `docker service logs` gives them.</summary>
    public IAsyncEnumerable<string> ReadLogsAsync(string id, int tail, bool follow, CancellationToken cancellationToken) =>
        ContainerLogLines.ReadAsync(async () =>
        {
            try
            {
                return await client.Swarm.GetServiceLogsAsync(id, false, ContainerLogLines.ServiceParameters(tail, follow), cancellationToken);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The volumes on the manager's engine; a node's own local volumes are that node's.</summary>
    public Task<IReadOnlyList<AppVolume>> ListVolumesAsync(string app, CancellationToken cancellationToken) => local.ListVolumesAsync(app, cancellationToken);

    public Task<int> RemoveVolumesAsync(string app, CancellationToken cancellationToken) => local.RemoveVolumesAsync(app, cancellationToken);

    public Task<int> PruneImagesAsync(string app, IReadOnlySet<string> keepDigests, CancellationToken cancellationToken) =>
        local.PruneImagesAsync(app, keepDigests, cancellationToken);

    /// <summary>
    /// Swarm sends no events for tasks, so the services and tasks are listed every second and each
    /// app whose tasks changed (started, stopped, moved, got or lost an address) is reported; the
    /// manager's own container events still report attached containers. Each (re)start of the watch
    /// first gives every service this process's registry credentials (see <see cref="RenewRegistryAuthAsync"/>).
    /// </summary>
    public async Task WatchAsync(Action<string> changed, Action attachedChanged, CancellationToken cancellationToken)
    {
        await RenewRegistryAuthAsync(cancellationToken);
        await new TaskWatch(this, time).WatchAsync(changed, both => local.WatchAsync(_ => { }, attachedChanged, both), cancellationToken);
    }

    /// <summary>
    /// The engine's pull credentials are made afresh at every start of DaaS, and Swarm keeps those a
    /// service was given for every later pull (a task rescheduled on another node). So each service
    /// made by an earlier process gets the current ones, once; Swarm does not restart tasks when only
    /// the pull credentials change.
    /// </summary>
    private async Task RenewRegistryAuthAsync(CancellationToken cancellationToken)
    {
        foreach (var service in await ServicesAsync(null, cancellationToken))
        {
            if (service is not { Spec: not null, Version: not null } || !_renewed.TryAdd(service.ID, true))
            {
                continue;
            }

            await client.Swarm.UpdateServiceAsync(service.ID, new ServiceUpdateParameters { Service = service.Spec, Version = (long)(service.Version.Index ?? 0), RegistryAuth = Auth }, cancellationToken);
        }
    }

    private AuthConfig Auth => new() { Username = credentials.Username, Password = credentials.Password, ServerAddress = registry.Address };

    private async Task<IList<SwarmService>> ServicesAsync(string? app, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool> { [$"{DaasLabels.Instance}={instance.Value}"] = true };
        if (app is not null)
        {
            labels[$"{DaasLabels.App}={app}"] = true;
        }

        return (await client.Swarm.ListServicesAsync(
            new ServiceListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } }, cancellationToken)).ToList();
    }

    /// <summary>
    /// The services' tasks; unless <paramref name="onReadyNodesOnly"/> is false, a task on a node
    /// that is not ready (its engine stopped answering the manager) is left out, since Swarm keeps
    /// reporting it running until it reschedules it.
    /// </summary>
    private async Task<IList<TaskResponse>> TasksOfAsync(IEnumerable<string> serviceIds, CancellationToken cancellationToken, bool onReadyNodesOnly = true)
    {
        var ids = serviceIds.ToDictionary(id => id, _ => true);
        if (ids.Count == 0)
        {
            return [];
        }

        var tasks = await client.Tasks.ListAsync(
            new TasksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = ids } }, cancellationToken);
        if (!onReadyNodesOnly)
        {
            return tasks;
        }

        var ready = (await client.Swarm.ListNodesAsync(cancellationToken)).Where(n => n.Status?.State == "ready").Select(n => n.ID).ToHashSet(StringComparer.Ordinal);
        return tasks.Where(t => string.IsNullOrEmpty(t.NodeID) || ready.Contains(t.NodeID)).ToList();
    }

    private async Task<SwarmService?> FindServiceAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Swarm.InspectServiceAsync(id, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task ScaleAsync(string id, Func<SwarmService, int> replicas, CancellationToken cancellationToken, bool relabel = false)
    {
        if (await FindServiceAsync(id, cancellationToken) is not { Spec: not null, Version: not null } service)
        {
            return;
        }

        var count = replicas(service);
        service.Spec.Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)count } };
        if (relabel)
        {
            service.Spec.Labels ??= new Dictionary<string, string>();
            service.Spec.Labels[DaasLabels.Replicas] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await client.Swarm.UpdateServiceAsync(id, new ServiceUpdateParameters { Service = service.Spec, Version = (long)(service.Version.Index ?? 0), RegistryAuth = Auth }, cancellationToken);
    }

    /// <summary>
    /// The node an instance must run on, or null for anywhere its constraints allow. With only the
    /// manager able to pull (see <see cref="SwarmRegistry"/>): the manager. With a volume of the
    /// engine's own driver (one replica, see <see cref="ReplicaRule"/>): the node the app's latest
    /// task that started ran on, where the volume is, whether that node is up now or not; before
    /// the first, the manager, unless the app's constraints place it (then the first task's node
    /// holds the volume from then on).
    /// </summary>
    private async Task<string?> PinnedNodeAsync(InstancePlan plan, CancellationToken cancellationToken)
    {
        if (SwarmRegistry.ManagerOnly(options))
        {
            return manager.NodeId;
        }

        if (plan.Volumes.Count == 0 || plan.VolumeDriver is not null)
        {
            return null;
        }

        var tasks = await TasksOfAsync((await ServicesAsync(plan.App, cancellationToken)).Select(s => s.ID), cancellationToken, onReadyNodesOnly: false);
        var latest = tasks
            .Where(t => !string.IsNullOrEmpty(t.NodeID) && !string.IsNullOrEmpty(t.Status?.ContainerStatus?.ContainerID))
            .OrderByDescending(t => t.Status?.Timestamp ?? t.CreatedAt)
            .FirstOrDefault();
        return latest?.NodeID ?? (plan.Constraints.Count == 0 ? manager.NodeId : null);
    }

    /// <summary>For <see cref="TaskWatch"/>: each app's services and tasks as one comparable string.</summary>
    internal async Task<Dictionary<string, string>> FingerprintsAsync(CancellationToken cancellationToken)
    {
        var instances = await ListAsync(null, cancellationToken);
        return instances.GroupBy(i => i.App, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => string.Join(';', g.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => $"{i.Id}:{i.State}:{string.Join(',', i.Endpoints)}:{string.Join(',', i.Alive)}")),
            StringComparer.Ordinal);
    }
}
