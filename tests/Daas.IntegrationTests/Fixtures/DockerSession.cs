namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// The docker CLI with a credential store of its own (DOCKER_CONFIG in a temp directory), logged
/// in to one DaaS server; disposing it deletes the store. Tests that start their own DaaS use this
/// instead of repeating the login.
/// </summary>
public sealed class DockerSession : IAsyncDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;

    private DockerSession(string registryHost) => RegistryHost = registryHost;

    public string RegistryHost { get; }

    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config };

    /// <summary>Logs in to the server's registry: on loopback plain HTTP by default, or as <paramref name="registryHost"/> (e.g. example.test:port over TLS).</summary>
    public static async Task<DockerSession> LoginAsync(DaasServer server, string? registryHost = null)
    {
        var session = new DockerSession(registryHost ?? server.RegistryHost);
        await Commands.RunCheckedAsync("docker", ["login", session.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], session.Env, server.Password);
        return session;
    }

    /// <summary>Logs in as <see cref="DaasServer.Username"/> to a registry this test did not start as a <see cref="DaasServer"/> (DaaS in a container).</summary>
    public static async Task<DockerSession> LoginAsync(string registryHost, string password)
    {
        var session = new DockerSession(registryHost);
        await Commands.RunCheckedAsync("docker", ["login", session.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], session.Env, password);
        return session;
    }

    /// <summary>Runs docker with this session's credentials and fails the test if it exits non-zero.</summary>
    public Task<string> RunAsync(params string[] arguments) => Commands.RunCheckedAsync("docker", arguments, Env);

    /// <summary>Builds a test image (see <see cref="TestImages"/>) tagged for the server's registry and pushes it.</summary>
    public async Task PushAsync(string repository, string version, string tag = "latest", ImageOptions? options = null)
    {
        var image = $"{RegistryHost}/{repository}:{tag}";
        await TestImages.BuildAsync(image, version, options ?? new ImageOptions());
        await RunAsync("push", image);
    }

    /// <summary>Builds the EdgeApp (see <see cref="EdgeAppImage"/>) answering with <paramref name="version"/>, tagged for the server's registry, and pushes it.</summary>
    public async Task PushEdgeAppAsync(string repository, string version, string tag = "latest")
    {
        var image = $"{RegistryHost}/{repository}:{tag}";
        await EdgeAppImage.BuildAsync(image, version);
        await RunAsync("push", image);
    }

    /// <summary>The ids of the app's containers that this DaaS server started: running ones, or with <paramref name="all"/> stopped ones too.</summary>
    public async Task<List<string>> ContainersAsync(DaasServer server, string app, bool all = false) =>
        (await RunAsync("ps", all ? "-aq" : "-q", "--filter", $"label=daas.app={app}", "--filter", $"label=daas.instance={server.InstanceId()}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_config, recursive: true);
        return ValueTask.CompletedTask;
    }
}
