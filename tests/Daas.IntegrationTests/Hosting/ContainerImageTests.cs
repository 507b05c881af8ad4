using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Hosting;

/// <summary>
/// The image users run (root Dockerfile, built by scripts/build-image.sh), run as the README's
/// server line says: the socket mounted, a named state volume, both ports published. Replacing the
/// DaaS container leaves the apps running and routed.
/// </summary>
public sealed class ContainerImageTests(ITestOutputHelper output)
{
    private const string Password = "image-test-password";
    private const string App = "boxed";

    private static string RepositoryRoot =>
        typeof(ContainerImageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public async Task Image_RunWithSocketAndVolume_ServesPushedApp_AndReplacingItKeepsTheAppRunning()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var image = $"daas-image-test:{suffix}";
        var volume = $"daas-image-test-{suffix}";
        var network = $"daas-image-test-{suffix}";
        var name = $"daas-image-test-{suffix}";
        var httpPort = FreePort.Next();
        var httpsPort = FreePort.Next();
        var registry = $"localhost:{httpPort}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            // Given the image built on this machine
            await BuildImageAsync(image);

            // And DaaS running from it with the socket, a named volume and both ports published
            await RunDaasAsync(image, name, volume, network, httpPort, httpsPort, jsonLogs: false);
            await WaitForRegistryAsync(http, name);
            Assert.Contains($"the engine pulls from 127.0.0.1:{httpPort}", await LogsAsync(name), StringComparison.Ordinal);

            // When an app is pushed through it with the docker CLI and given an env var
            await using var docker = await DockerSession.LoginAsync(registry, Password);
            await docker.PushAsync(App, "first");
            Assert.True(await WaitForAppAsync(http, "first", TimeSpan.FromSeconds(60)), await LogsAsync(name));
            using (var put = Authorized(HttpMethod.Put, $"api/apps/{App}/env"))
            {
                put.Content = new StringContent("""{"GREETING":"kept"}""", Encoding.UTF8, "application/json");
                using var answer = await http.SendAsync(put);
                Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }

            Assert.True(await Eventually.HoldsAsync(async () => (await GetAppAsync(http, "/cgi-bin/env")).Body.Contains("GREETING=kept", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), await LogsAsync(name));

            // Then it is served over HTTP and over HTTPS with the local CA's certificate
            var rootPem = await GetRootPemAsync(http);
            var root = X509Certificate2.CreateFromPem(rootPem);
            Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(httpsPort, $"{App}.localhost", root), await LogsAsync(name));
            Assert.Equal("first", (await HttpsProbe.GetAsync(httpsPort, $"{App}.localhost", "/", root)).Body.Trim());

            // And the image's HEALTHCHECK (`Daas healthcheck`, no shell in the image) reports healthy
            Assert.True(await Eventually.HoldsAsync(async () => (await InspectAsync(name, "{{.State.Health.Status}}")) == "healthy", TimeSpan.FromSeconds(30)), await LogsAsync(name));
            // (the release replaced by the env change is still being stopped for a moment)
            string[] running = [];
            Assert.True(await Eventually.HoldsAsync(async () =>
            {
                running = (await docker.RunAsync("ps", "-q", "--no-trunc", "--filter", $"label=daas.app={App}", "--filter", $"network={network}"))
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return running.Length == 1;
            }, TimeSpan.FromSeconds(30)), string.Join(' ', running));
            var appContainer = running[0];
            var startedAt = await InspectAsync(appContainer, "{{.State.StartedAt}}");

            // When the DaaS container is replaced by a new one with the same volume and ports (the upgrade), logging JSON
            await Commands.RunCheckedAsync("docker", ["rm", "-f", name]);
            var replaced = Stopwatch.StartNew();
            await RunDaasAsync(image, name, volume, network, httpPort, httpsPort, jsonLogs: true);
            await WaitForRegistryAsync(http, name);
            var listening = replaced.Elapsed;

            // Then the app is routed again within 2 s of DaaS listening, by the same container, never restarted
            Assert.True(await WaitForAppAsync(http, "first", TimeSpan.FromSeconds(2)), await LogsAsync(name));
            output.WriteLine($"replaced DaaS: registry answering after {listening.TotalSeconds:F1} s, app routed after {replaced.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(startedAt, await InspectAsync(appContainer, "{{.State.StartedAt}}"));
            Assert.Equal("true", await InspectAsync(appContainer, "{{.State.Running}}"));
            Assert.Equal("0", await InspectAsync(appContainer, "{{.RestartCount}}"));

            // And the password, the local CA (so every certificate it issued), releases and env vars are still there
            Assert.Equal(rootPem, await GetRootPemAsync(http));
            Assert.Equal("first", (await HttpsProbe.GetAsync(httpsPort, $"{App}.localhost", "/", root)).Body.Trim());
            using (var releases = await http.SendAsync(Authorized(HttpMethod.Get, $"api/apps/{App}/releases")))
            {
                Assert.Equal(HttpStatusCode.OK, releases.StatusCode);
                using var json = JsonDocument.Parse(await releases.Content.ReadAsStringAsync());
                Assert.True(json.RootElement.GetArrayLength() >= 2, json.RootElement.ToString());
            }

            using (var env = await http.SendAsync(Authorized(HttpMethod.Get, $"api/apps/{App}/env")))
            {
                Assert.Equal("kept", JsonDocument.Parse(await env.Content.ReadAsStringAsync()).RootElement.GetProperty("GREETING").GetString());
            }

            // And its logs are JSON lines
            var lines = (await Commands.RunAsync("docker", ["logs", name])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, line => line.StartsWith('{') && line.Contains("\"LogLevel\"", StringComparison.Ordinal));

            // And a second push deploys
            await docker.PushAsync(App, "second");
            Assert.True(await WaitForAppAsync(http, "second", TimeSpan.FromSeconds(60)), await LogsAsync(name));
        }
        finally
        {
            await Commands.RunAsync("docker", ["rm", "-f", name]);
            var apps = (await Commands.RunAsync("docker", ["ps", "-aq", "--filter", "label=daas.app", "--filter", $"network={network}"])).Stdout
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (apps.Length > 0)
            {
                await Commands.RunAsync("docker", ["rm", "-f", .. apps]);
            }

            await Commands.RunAsync("docker", ["volume", "rm", "-f", volume]);
            await Commands.RunAsync("docker", ["network", "rm", network]);
            await DockerCleanup.RemoveImagesMatchingAsync($":{httpPort}/");
            await Commands.RunAsync("docker", ["rmi", "-f", image]);
        }
    }

    [Fact]
    public async Task Image_WithoutPublishedHttpPort_StopsAtStartUpSayingSo()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var image = $"daas-image-test:{suffix}";
        var network = $"daas-image-test-{suffix}";
        try
        {
            // Given the image
            await BuildImageAsync(image);

            // When it runs with the socket but no -p for its port 80
            var run = await Commands.RunAsync("docker",
                ["run", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "-e", $"NETWORK_NAME={network}", "-e", $"PASSWORD={Password}", image],
                timeout: TimeSpan.FromSeconds(60));

            // Then it exits 1 with one line naming the missing port, instead of deploying apps the engine cannot pull
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("port 80 (HTTP_PORT) is not published", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await Commands.RunAsync("docker", ["network", "rm", network]);
            await Commands.RunAsync("docker", ["rmi", "-f", image]);
        }
    }

    /// <summary>scripts/build-image.sh, as a user runs it: reuses .build/daas/Daas when it is newer than the sources.</summary>
    private async Task BuildImageAsync(string image)
    {
        var build = Stopwatch.StartNew();
        var built = await Commands.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "build-image.sh"), image], timeout: TimeSpan.FromMinutes(8));
        Assert.True(built.ExitCode == 0, $"build-image.sh exited {built.ExitCode}:\n{built.Output}");
        output.WriteLine($"build-image.sh: {build.Elapsed.TotalSeconds:F1} s; {built.Stdout.Trim()}");
    }

    private static async Task RunDaasAsync(string image, string name, string volume, string network, int httpPort, int httpsPort, bool jsonLogs)
    {
        List<string> arguments =
        [
            "run", "-d", "--name", name,
            "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", $"{volume}:/var/lib/daas",
            "-p", $"127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}:80", "-p", $"127.0.0.1:{httpsPort.ToString(CultureInfo.InvariantCulture)}:443",
            "-e", "DOMAIN_NAME=localhost", "-e", $"PASSWORD={Password}", "-e", $"NETWORK_NAME={network}",
            "-e", "HEALTH_TIMEOUT=20", "-e", "DRAIN_TIMEOUT=1", "-e", "LOGIN_FAILURES_PER_MINUTE=1000",
            // The image checks every 30 s; the test does not wait that long.
            "--health-interval", "1s", "--health-start-period", "0s",
        ];
        if (jsonLogs)
        {
            arguments.AddRange(["-e", "LOG_FORMAT=json"]);
        }

        arguments.Add(image);
        await Commands.RunCheckedAsync("docker", arguments);
    }

    private static async Task WaitForRegistryAsync(HttpClient http, string name)
    {
        var ready = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync("v2/");
                return response.StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
        Assert.True(ready, $"DaaS in container {name} did not answer:\n{await LogsAsync(name)}");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAppAsync(HttpClient http, string path)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = $"{App}.localhost";
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            return (HttpStatusCode.ServiceUnavailable, e.Message);
        }
    }

    private static Task<bool> WaitForAppAsync(HttpClient http, string body, TimeSpan timeout) =>
        Eventually.HoldsAsync(async () => await GetAppAsync(http, "/") is (HttpStatusCode.OK, var text) && text.Trim() == body, timeout);

    private static async Task<string> GetRootPemAsync(HttpClient http)
    {
        using var request = Authorized(HttpMethod.Get, "api/ca.pem");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DaasServer.Username}:{Password}")));
        return request;
    }

    private static async Task<string> InspectAsync(string container, string format) =>
        (await Commands.RunCheckedAsync("docker", ["inspect", "-f", format, container])).Trim();

    private static async Task<string> LogsAsync(string name) => (await Commands.RunAsync("docker", ["logs", "--tail", "60", name])).Output;
}
