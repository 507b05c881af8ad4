namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// One DaaS process shared by a collection of tests, plus a docker CLI logged in to it with its
/// own DOCKER_CONFIG. Tests use distinct app names so they do not see each other. Without a
/// working Docker engine this fixture fails, and with it every test that uses it.
/// </summary>
public class DaasFixture : IAsyncLifetime
{
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;

    public DaasServer Server { get; private set; } = null!;

    /// <summary>Environment for docker CLI calls: the fixture's own credential store.</summary>
    public IReadOnlyDictionary<string, string> DockerEnv => new Dictionary<string, string> { ["DOCKER_CONFIG"] = _dockerConfig };

    public async Task InitializeAsync()
    {
        var info = await Commands.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"]);
        Assert.True(info.ExitCode == 0, $"No Docker engine answers (run scripts/setup.sh to start dockerd):\n{info.Output}");
        Server = await DaasServer.StartAsync(Settings);
        await Commands.RunCheckedAsync("docker", ["login", Server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], DockerEnv, Server.Password);
    }

    /// <summary>Builds an image tagged for DaaS's registry and pushes it with the docker CLI.</summary>
    public async Task<string> BuildAndPushAsync(string repository, string version, int listenPort = 8080, int? expose = null, string tag = "latest", string? command = null)
    {
        var image = $"{Server.RegistryHost}/{repository}:{tag}";
        await TestImages.BuildAsync(image, version, listenPort, expose, command);
        return await Docker("push", image);
    }

    /// <summary>Builds the EdgeApp (see <see cref="EdgeAppImage"/>) tagged for DaaS's registry and pushes it.</summary>
    public async Task<string> PushEdgeAppAsync(string repository, string version, string tag = "latest")
    {
        var image = $"{Server.RegistryHost}/{repository}:{tag}";
        await EdgeAppImage.BuildAsync(image, version);
        return await Docker("push", image);
    }

    public Task<string> Docker(params string[] arguments) => Commands.RunCheckedAsync("docker", arguments, DockerEnv);

    /// <summary>Settings the server starts with besides the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public virtual async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Directory.Delete(_dockerConfig, recursive: true);
    }
}

/// <summary>
/// A DaaS server on a network of its own. Every other test server shares NETWORK_NAME's default,
/// so a container attached there by alias would be routed (and get a certificate) on all of them.
/// </summary>
public sealed class OwnNetworkFixture : DaasFixture
{
    public string Network { get; } = $"daas-own-{Guid.NewGuid().ToString("N")[..8]}";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["NETWORK_NAME"] = Network };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Commands.RunAsync("docker", ["network", "rm", Network]);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedDaasServer : ICollectionFixture<DaasFixture>
{
    public const string Name = "DaaS server";
}
