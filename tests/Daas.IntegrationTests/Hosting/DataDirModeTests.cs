using System.Net;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Hosting;

/// <summary>DATA_DIR holds every app's env vars: it is 0700 and every file in it 0600.</summary>
public sealed class DataDirModeTests : IDisposable
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;
    private const UnixFileMode OpenFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenDirectory = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _parent = Directory.CreateTempSubdirectory("daas-modes-").FullName;

    [Fact]
    public async Task FreshInstall_AfterAPushAndAnEnvVar_HasOnlyPrivateFilesAndDirectories()
    {
        // Given DaaS started on a DATA_DIR that does not exist yet
        var dataDir = Path.Combine(_parent, "data");
        var dockerConfig = Path.Combine(_parent, "docker-config");
        var docker = new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig };
        await using var server = await DaasServer.StartAsync(dataDir: dataDir);

        // When an image is pushed with the docker CLI and an env var is set through the API
        await Commands.RunCheckedAsync("docker", ["login", server.RegistryHost, "-u", DaasServer.Username, "--password-stdin"], docker, server.Password);
        var image = $"{server.RegistryHost}/modes:latest";
        await TestImages.BuildAsync(image, "modes v1");
        await Commands.RunCheckedAsync("docker", ["push", image], docker);
        Assert.True(await server.WaitForAppAsync("modes", "modes v1"), server.Output);
        using (var put = server.AuthorizedRequest(HttpMethod.Put, "api/apps/modes/env"))
        {
            put.Content = new StringContent("""{"SECRET":"s3cret"}""", Encoding.UTF8, "application/json");
            using var response = await server.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // Then, while DaaS runs (once the app's certificates are written, so no write is under way),
        // DATA_DIR and every directory in it are 0700 and every file 0600
        Assert.True(await Eventually.HoldsAsync(async () => await CertificatesValidAsync(server, "modes.localhost", "www.modes.localhost"), TimeSpan.FromSeconds(20)), server.Output);
        var (directories, files) = Entries(dataDir);
        Assert.Contains(Path.Combine(dataDir, "daas.db"), files);
        Assert.Contains(files, f => f.Contains("/registry/blobs/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("/tls/certificates/modes.localhost.pem", StringComparison.Ordinal));
        Assert.All(directories, d => Assert.True(ModeOf(d) is null or PrivateDirectory, $"{d} is {ModeOf(d)}"));
        Assert.All(files, f => Assert.True(ModeOf(f) is null or PrivateFile, $"{f} is {ModeOf(f)}"));
    }

    [Fact]
    public async Task ExistingInstallWithOpenModes_IsMadePrivateAtStartUp()
    {
        // Given a DATA_DIR from an older DaaS: 0755, with a 0644 daas.db and a 0644 file in a 0755 subfolder
        var dataDir = Directory.CreateDirectory(Path.Combine(_parent, "old")).FullName;
        var database = Path.Combine(dataDir, "daas.db");
        await File.WriteAllBytesAsync(database, []); // an empty file is an empty SQLite database
        var subfolder = Directory.CreateDirectory(Path.Combine(dataDir, "certs")).FullName;
        var nested = Path.Combine(subfolder, "example.pem");
        await File.WriteAllTextAsync(nested, "key");
        File.SetUnixFileMode(database, OpenFile);
        File.SetUnixFileMode(nested, OpenFile);
        File.SetUnixFileMode(subfolder, OpenDirectory);
        File.SetUnixFileMode(dataDir, OpenDirectory);

        // When DaaS starts on it
        await using var server = await DaasServer.StartAsync(dataDir: dataDir);

        // Then they are corrected, and DaaS says so once
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(dataDir));
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(subfolder));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(database));
        Assert.Equal(PrivateFile, File.GetUnixFileMode(nested));
        Assert.True(await Eventually.HoldsAsync(
            () => Task.FromResult(server.Output.Contains("private (directories 0700, files 0600)", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), server.Output);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    /// <summary>The entry's mode, or null when it is gone since it was listed (a temporary file of an atomic write, renamed meanwhile).</summary>
    private static UnixFileMode? ModeOf(string path)
    {
        try
        {
            return File.GetUnixFileMode(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<bool> CertificatesValidAsync(DaasServer server, params string[] hosts)
    {
        var (status, body) = await server.ApiAsync(HttpMethod.Get, "api/certificates");
        return status == HttpStatusCode.OK && hosts.All(host => body.EnumerateArray().Any(c =>
            c.GetProperty("host").GetString() == host && c.GetProperty("state").GetString() == "valid"));
    }

    private static (List<string> Directories, List<string> Files) Entries(string root)
    {
        var directories = new List<string> { root };
        directories.AddRange(Directory.GetDirectories(root, "*", SearchOption.AllDirectories));
        return (directories, Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToList());
    }
}
