using System.Collections.Concurrent;
using System.Globalization;
using Daas.Deploy.Runtime;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// <see cref="IAppRuntime"/> on plain containers of one Docker engine. Every container and volume
/// carries this DaaS's instance label, so it only ever lists, stops or removes its own. Docker.DotNet
/// types stay in this folder.
/// </summary>
internal sealed class ContainerRuntime(IDockerClient client, DaasOptions options, State.InstanceId instance, Hosting.EngineCredentials credentials, SelfPlacement placement, EngineDiskUsage diskUsage) : IAppRuntime
{
    // Attached containers' routed aliases, by container id, with the network endpoint they were read
    // from: the list call does not give aliases, and they change only when the endpoint does.
    private readonly ConcurrentDictionary<string, (string EndpointId, IReadOnlyList<string> Aliases)> _aliases = new(StringComparer.Ordinal);

    public async Task<ImageFacts> PrepareAsync(string app, string digest, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = $"{RegistryHost}/{app}", Tag = digest },
                new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = RegistryHost },
                new SynchronousProgress(message => error = message.Error?.Message ?? error),
                cancellationToken);
        }
        catch (DockerApiException e)
        {
            // The engine refuses at once when the registry has no such manifest.
            error = ContainerMapping.MessageOf(e);
        }

        if (error is not null)
        {
            // The engine reports a failed pull only inside its progress stream.
            throw new InvalidOperationException($"the engine could not pull {app}@{digest}: {error}");
        }

        var config = (await client.Images.InspectImageAsync(ImageOf(app, digest), cancellationToken)).Config;
        return ContainerMapping.FactsOf(config);
    }

    public async Task<string> StartAsync(InstancePlan plan, CancellationToken cancellationToken)
    {
        foreach (var path in plan.Volumes)
        {
            // Creating an existing volume is a no-op that returns it: the app's data stays.
            await client.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = VolumeNames.For(plan.App, path),
                Driver = plan.VolumeDriver ?? "local",
                Labels = new Dictionary<string, string> { [DaasLabels.App] = plan.App, [DaasLabels.Instance] = instance.Value, [DaasLabels.VolumePath] = path },
            }, cancellationToken);
        }

        var spec = ContainerSpecBuilder.Build(plan, ImageOf(plan.App, plan.Digest), options.NetworkName, instance.Value);
        var created = await client.Containers.CreateContainerAsync(spec, cancellationToken);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            // Never started (a missing entrypoint, say): nothing to tail, so remove it and say why.
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            throw new InvalidOperationException($"the engine could not start the container: {ContainerMapping.MessageOf(e)}", e);
        }

        return created.ID;
    }

    public async Task<InstanceStatus?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return ContainerMapping.StatusOf(await client.Containers.InspectContainerAsync(id, cancellationToken), options.NetworkName);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<AppInstance>> ListAsync(string? app, CancellationToken cancellationToken)
    {
        var containers = await client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = LabelFilter(app) }, cancellationToken);
        return containers.Select(c => ContainerMapping.InstanceOf(c, options.NetworkName)).OfType<AppInstance>().ToList();
    }

    public async Task<IReadOnlyList<AttachedContainer>> ListAttachedAsync(CancellationToken cancellationToken)
    {
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["network"] = new Dictionary<string, bool> { [options.NetworkName] = true },
                ["status"] = new Dictionary<string, bool> { ["running"] = true },
            },
        }, cancellationToken);
        var attached = new List<AttachedContainer>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            if (ContainerMapping.AttachedEndpointOf(container, options.NetworkName, placement.ContainerId) is not { } endpoint)
            {
                continue;
            }

            listed.Add(container.ID);
            if (await AliasesAsync(container.ID, endpoint.EndpointId, cancellationToken) is { Count: > 0 } aliases)
            {
                attached.Add(ContainerMapping.AttachedOf(container, endpoint.Address, aliases));
            }
        }

        foreach (var id in _aliases.Keys.Where(id => !listed.Contains(id)))
        {
            _aliases.TryRemove(id, out _);
        }

        return attached;
    }

    public bool CanScale => false;

    public Task ScaleAsync(string id, int replicas, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a container runs one replica; replicas need Swarm (ORCHESTRATOR)");

    public Task ResumeAsync(string id, CancellationToken cancellationToken) =>
        client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);

    public async Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: nothing to stop.
        }
    }

    public async Task RemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, cancellationToken);
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }
    }

    public async Task<string> TailLogsAsync(string id, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(
                id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = lines.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return (stdout + stderr).Trim();
        }
        catch (DockerContainerNotFoundException)
        {
            return "";
        }
    }

    public IAsyncEnumerable<string> ReadLogsAsync(string id, int tail, bool follow, CancellationToken cancellationToken) =>
        ContainerLogLines.ReadAsync(client, id, tail, follow, cancellationToken);

    /// <summary>The app's volumes from the engine's list, their sizes from its disk usage (see <see cref="EngineDiskUsage"/>).</summary>
    public async Task<IReadOnlyList<AppVolume>> ListVolumesAsync(string app, CancellationToken cancellationToken)
    {
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(app) }, cancellationToken);
        if (volumes.Volumes is not { Count: > 0 } listed)
        {
            return [];
        }

        var sizes = await diskUsage.VolumeSizesAsync(cancellationToken);
        return listed
            .Select(v => new AppVolume(v.Name, v.Labels.Get(DaasLabels.VolumePath) ?? "", sizes.GetValueOrDefault(v.Name, -1)))
            .OrderBy(v => v.MountPath, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<int> RemoveVolumesAsync(string app, CancellationToken cancellationToken)
    {
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(app) }, cancellationToken);
        foreach (var volume in volumes.Volumes ?? [])
        {
            await client.Volumes.RemoveAsync(volume.Name, force: false, cancellationToken);
        }

        return volumes.Volumes?.Count ?? 0;
    }

    public async Task<int> PruneImagesAsync(string app, IReadOnlySet<string> keepDigests, CancellationToken cancellationToken)
    {
        var repository = $"{RegistryHost}/{app}";
        var images = await client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [repository] = true } },
        }, cancellationToken);
        var removed = 0;
        foreach (var reference in images.SelectMany(i => i.RepoDigests ?? []).Where(r => r.StartsWith(repository + "@", StringComparison.Ordinal)))
        {
            if (keepDigests.Contains(reference[(repository.Length + 1)..]))
            {
                continue;
            }

            try
            {
                await client.Images.DeleteImageAsync(reference, new ImageDeleteParameters(), cancellationToken);
                removed++;
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // Still used by a container (a stopped old release), or already gone: try again next time.
            }
        }

        return removed;
    }

    public Task WatchAsync(Action<string> changed, Action attachedChanged, CancellationToken cancellationToken) =>
        new ContainerEvents(client, options.NetworkName, instance.Value).WatchAsync(changed, attachedChanged, cancellationToken);

    /// <summary>An attached container's routed aliases: inspected once per network endpoint, then cached.</summary>
    private async Task<IReadOnlyList<string>?> AliasesAsync(string id, string endpointId, CancellationToken cancellationToken)
    {
        if (_aliases.TryGetValue(id, out var known) && known.EndpointId == endpointId)
        {
            return known.Aliases;
        }

        ContainerInspectResponse container;
        try
        {
            container = await client.Containers.InspectContainerAsync(id, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null; // Gone since the list.
        }

        if (container.NetworkSettings?.Networks is not { } networks || !networks.TryGetValue(options.NetworkName, out var settings))
        {
            return null; // Left the network since the list.
        }

        var composeName = container.Config?.Labels?.ContainsKey(ContainerMapping.ComposeServiceLabel) == true ? container.Name?.TrimStart('/') : null;
        var aliases = ContainerMapping.RoutedAliases(settings.Aliases, id, composeName);
        _aliases[id] = (settings.EndpointID ?? "", aliases);
        return aliases;
    }

    /// <summary>The engine reaches DaaS's registry on its loopback (HTTP_PORT, or the host port it is published on), where it speaks plain HTTP.</summary>
    private string RegistryHost => placement.RegistryHost;

    private string ImageOf(string app, string digest) => $"{RegistryHost}/{app}@{digest}";

    private Dictionary<string, IDictionary<string, bool>> LabelFilter(string? app)
    {
        var labels = new Dictionary<string, bool> { [$"{DaasLabels.Instance}={instance.Value}"] = true };
        if (app is not null)
        {
            labels[$"{DaasLabels.App}={app}"] = true;
        }

        return new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels };
    }

    /// <summary>Reports on the calling thread; Progress&lt;T&gt; would post to the thread pool and race the end of the stream.</summary>
    private sealed class SynchronousProgress(Action<JSONMessage> report) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => report(value);
    }
}
