using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// Thin, named wrappers over the Docker Engine API client. "Not found" becomes null or false
/// here so that callers never catch Docker exceptions for ordinary outcomes.
/// </summary>
internal sealed class DockerEngine(IDockerClient client, DaasOptions options, State.InstanceId instance, Hosting.EngineCredentials credentials)
{
    public IDockerClient Client { get; } = client;

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

    /// <summary>
    /// Pulls repository@digest from DaaS's own registry with the engine's credentials. The engine reports
    /// a failed pull only inside its progress stream, so that is where the error is taken from.
    /// </summary>
    public async Task PullAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        string? error = null;
        await Client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = $"{RegistryHost}/{repository}", Tag = digest },
            new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = RegistryHost },
            new SynchronousProgress(message => error = message.Error?.Message ?? error),
            cancellationToken);
        if (error is not null)
        {
            throw new InvalidOperationException($"the engine could not pull {repository}@{digest}: {error}");
        }
    }

    /// <summary>The engine's name for an image pulled from DaaS's registry by digest.</summary>
    public string ImageReference(string repository, string digest) => $"{RegistryHost}/{repository}@{digest}";

    public Task<ImageInspectResponse> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        Client.Images.InspectImageAsync(reference, cancellationToken);

    public async Task<string> CreateAndStartAsync(CreateContainerParameters spec, CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateContainerAsync(spec, cancellationToken);
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        return created.ID;
    }

    public async Task<ContainerInspectResponse?> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.Containers.InspectContainerAsync(id, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>This instance's app containers, running or not, optionally of one app.</summary>
    public Task<IList<ContainerListResponse>> ListAppContainersAsync(string? app, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool> { [$"{DaasLabels.Instance}={instance.Value}"] = true };
        if (app is not null)
        {
            labels[$"{DaasLabels.App}={app}"] = true;
        }

        return Client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
            cancellationToken);
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        await Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
    }

    /// <summary>Stops (SIGTERM, then SIGKILL after the grace period) and removes; false if it was already gone.</summary>
    public async Task<bool> StopAndRemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, cancellationToken);
            await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The last lines the container wrote to stdout and stderr, for a failed release's record.</summary>
    public async Task<string> TailLogsAsync(string id, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await Client.Containers.GetContainerLogsAsync(
                id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = lines.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return (stdout + stderr).Trim();
        }
        catch (DockerContainerNotFoundException)
        {
            return "";
        }
    }

    /// <summary>Reports on the calling thread; Progress&lt;T&gt; would post to the thread pool and race the end of the pull.</summary>
    private sealed class SynchronousProgress(Action<JSONMessage> report) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => report(value);
    }

    /// <summary>The engine reaches DaaS's registry on loopback, where it speaks plain HTTP.</summary>
    private string RegistryHost => $"127.0.0.1:{options.HttpPort}";
}
