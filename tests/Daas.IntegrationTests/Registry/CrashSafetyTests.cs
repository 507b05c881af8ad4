using System.Diagnostics;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

public sealed class CrashSafetyTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("daas-crash-").FullName;
    private readonly string _dockerConfig = Directory.CreateTempSubdirectory("daas-docker-config-").FullName;
    private readonly int _port = FreePort.Next();
    private string _context = "";

    public async Task InitializeAsync()
    {
        // An image with a 48 MiB incompressible layer, so a push takes long enough to be cut.
        _context = Directory.CreateTempSubdirectory("daas-crash-image-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(_context, "random.bin"), RandomBytes(48 << 20));
        await File.WriteAllTextAsync(Path.Combine(_context, "Dockerfile"), "FROM scratch\nCOPY random.bin /random.bin\nCMD [\"/random.bin\"]\n");
    }

    [Theory]
    [InlineData("while the big layer uploads", 1)]
    [InlineData("after the first blob is stored", 2)]
    public async Task KillDashNine_MidPush_LeavesNoCorruptContentAndRetrySucceeds(string moment, int trigger)
    {
        // Given a push of a 48 MiB layer in progress
        var image = $"localhost:{_port}/crash/big:{trigger}";
        var server = await DaasServer.StartAsync(dataDir: _dataDir, port: _port);
        await Docker(["login", server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], server.Password);
        await Docker(["build", "-q", "-t", image, _context]);
        using var push = StartDocker("push", image);

        // When DaaS is killed with SIGKILL at that moment
        var reached = await Eventually.HoldsAsync(() => Task.FromResult(Reached(trigger)), TimeSpan.FromSeconds(60));
        await server.StopAsync(kill: true);
        await push.WaitForExitAsync();
        Assert.True(reached, $"the push never reached the moment '{moment}'");

        // Then nothing in the store is corrupt or dangling
        Assert.Empty(await StoreIntegrity.ProblemsAsync(_dataDir));

        // And after a restart the same push succeeds and the image pulls back intact
        await using var restarted = await DaasServer.StartAsync(dataDir: _dataDir, port: _port);
        await Docker(["push", image]);
        var id = (await Docker(["image", "inspect", "--format", "{{.Id}}", image])).Trim();
        await Docker(["rmi", image]);
        await Docker(["pull", image]);
        Assert.Equal(id, (await Docker(["image", "inspect", "--format", "{{.Id}}", image])).Trim());
        Assert.Empty(await StoreIntegrity.ProblemsAsync(_dataDir));
    }

    public async Task DisposeAsync()
    {
        await DockerCleanup.RemoveImagesMatchingAsync($":{_port}/");
        Directory.Delete(_context, recursive: true);
        Directory.Delete(_dockerConfig, recursive: true);
        Directory.Delete(_dataDir, recursive: true);
    }

    /// <summary>1: some upload session has received bytes; 2: at least one blob is in the store.</summary>
    private bool Reached(int trigger)
    {
        var registry = Path.Combine(_dataDir, "registry");
        if (!Directory.Exists(registry))
        {
            return false;
        }

        return trigger == 1
            ? Directory.EnumerateFiles(registry, "data", SearchOption.AllDirectories).Any(f => f.Contains("_uploads", StringComparison.Ordinal) && new FileInfo(f).Length > 0)
            : Directory.Exists(Path.Combine(registry, "blobs")) && Directory.EnumerateFiles(Path.Combine(registry, "blobs"), "data", SearchOption.AllDirectories).Any();
    }

    private Task<string> Docker(string[] arguments, string? stdin = null) =>
        Commands.RunCheckedAsync("docker", arguments, new Dictionary<string, string> { ["DOCKER_CONFIG"] = _dockerConfig }, stdin);

    private Process StartDocker(params string[] arguments)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOCKER_CONFIG"] = _dockerConfig;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
