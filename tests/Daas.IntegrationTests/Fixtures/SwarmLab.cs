using System.Reflection;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A real three-node Docker Swarm on this machine (tests/swarm/lab.sh): three more dockerd, each
/// in its own network, UTS and mount namespace, joined over a private bridge; node 1 is the
/// manager at 10.213.7.11, the host reaches the nodes over daaslab0 (10.213.7.1). Everything the
/// lab made is removed on dispose, also after a failure.
/// </summary>
public sealed class SwarmLab : IAsyncLifetime
{
    public const string ManagerAddress = "10.213.7.11";

    private static readonly string Script = Path.Combine(
        typeof(SwarmLab).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "tests", "swarm", "lab.sh");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "daaslab");
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("daas-swarm-docker-config-").FullName;

    /// <summary>The docker CLI's environment: its own credential store.</summary>
    public IReadOnlyDictionary<string, string> DockerEnv => new Dictionary<string, string> { ["DOCKER_CONFIG"] = _dockerConfig, ["LAB_DIR"] = _dir };

    public string SocketOf(int node) => Path.Combine(_dir, $"n{node}", "docker.sock");

    public async Task InitializeAsync()
    {
        // A lab a cancelled run left behind would make `up` refuse.
        await Commands.RunAsync("bash", [Script, "down"], DockerEnv, timeout: TimeSpan.FromMinutes(1));
        var up = await Commands.RunAsync("bash", [Script, "up"], DockerEnv, timeout: TimeSpan.FromMinutes(2));
        Assert.True(up.ExitCode == 0, $"lab.sh up exited {up.ExitCode}:\n{up.Output}");
    }

    /// <summary>The docker CLI against one node's engine.</summary>
    public Task<string> Docker(int node, params string[] arguments) =>
        Commands.RunCheckedAsync("docker", ["-H", $"unix://{SocketOf(node)}", .. arguments], DockerEnv);

    public Task<ProcessResult> TryDocker(int node, params string[] arguments) =>
        Commands.RunAsync("docker", ["-H", $"unix://{SocketOf(node)}", .. arguments], DockerEnv);

    /// <summary>Copies an image from the host's engine to a node's (nothing can be pulled here).</summary>
    public Task LoadAsync(int node, string image) =>
        Commands.RunCheckedAsync("bash", ["-c", $"docker save {image} | docker -H unix://{SocketOf(node)} load -q"], DockerEnv);

    /// <summary>Kills a node's dockerd outright, as a machine that goes away; its containers keep running until the lab is removed.</summary>
    public async Task KillEngineAsync(int node)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(_dir, $"n{node}", "dockerd.pid"))).Trim();
        await Commands.RunCheckedAsync("kill", ["-9", pid]);
    }

    public async Task DisposeAsync()
    {
        var down = await Commands.RunAsync("bash", [Script, "down"], DockerEnv, timeout: TimeSpan.FromMinutes(2));
        Directory.Delete(_dockerConfig, recursive: true);
        Assert.True(down.ExitCode == 0, $"lab.sh down exited {down.ExitCode}:\n{down.Output}");
    }
}
