using System.Net;
using System.Net.Sockets;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Hosting;

public sealed class StartupErrorTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("daas-startup-").FullName;

    [Theory]
    [InlineData("DOMAIN_NAME", "not a domain!", "DOMAIN_NAME")]
    [InlineData("DOMAIN_NAME", "127.0.0.1", "DOMAIN_NAME")]
    [InlineData("HTTP_PORT", "99999", "HTTP_PORT")]
    [InlineData("HTTPS_PORT", "https", "HTTPS_PORT")]
    [InlineData("ACME_DIRECTORY", "http://127.0.0.1:1/directory", "ACME_DIRECTORY")]
    [InlineData("ACME_CHALLENGE", "dns-01", "ACME_CHALLENGE")]
    [InlineData("DOCKER_HOST", "unix:///nonexistent/docker.sock", "DOCKER_HOST")]
    public async Task BadSetting_StopsWithOneClearLineAndNonZeroExit(string key, string value, string named)
    {
        var env = Settings();
        env[key] = value;

        var result = await DaasServer.RunToExitAsync(env);

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("daas: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_StopsWithOneClearLineAndNonZeroExit()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var env = Settings();
        env["HTTP_PORT"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await DaasServer.RunToExitAsync(env);

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("HTTP_PORT", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPassword_GeneratesOnePrintedOnceAndKeptUnderDataDir()
    {
        // Given no PASSWORD
        var env = Settings();
        env["PASSWORD"] = "";

        // When DaaS starts the first time, then again
        string stored;
        await using (var first = await DaasServer.StartAsync(env, _dataDir))
        {
            stored = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "password"))).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataDir, "password")));
            Assert.Contains(stored, first.Output, StringComparison.Ordinal);
        }

        await using var second = await DaasServer.StartAsync(env, _dataDir);

        // Then the second start keeps the password without printing it, and it logs in
        Assert.DoesNotContain(stored, second.Output, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DaasServer.Username}:{stored}")));
        using var response = await second.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["DOMAIN_NAME"] = "localhost",
        ["HTTP_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HTTPS_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DATA_DIR"] = _dataDir,
        ["PASSWORD"] = "x",
    };
}
