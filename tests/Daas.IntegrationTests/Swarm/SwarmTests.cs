using System.Diagnostics;
using System.Net;
using System.Reflection;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Swarm;

/// <summary>
/// DaaS as a container on the manager of a real three-node Swarm (<see cref="SwarmLab"/>), with
/// apps as services: replicas on every node, read through DaaS's proxy at the tasks' own
/// addresses, redeployed, a node drained and a node's engine killed, all under steady requests.
/// </summary>
public sealed class SwarmTests(SwarmLab lab, ITestOutputHelper output) : IClassFixture<SwarmLab>, IDisposable
{
    private const string Password = "swarm-test-password";
    private const string Image = "daas-swarm-test:latest";
    private const string App = "web";
    private const string Notes = "notes";
    private const int HttpPort = 8080;

    private static readonly string Registry = $"127.0.0.1:{HttpPort}";

    private static string RepositoryRoot =>
        typeof(SwarmTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{SwarmLab.ManagerAddress}:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task ThreeReplicas_ServedFromEveryTask_SurviveARedeployADrainedNodeAndADeadEngine()
    {
        // Given DaaS running from its image on the manager, told the address every node pulls from
        var built = await Commands.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "build-image.sh"), Image], timeout: TimeSpan.FromMinutes(8));
        Assert.True(built.ExitCode == 0, built.Output);
        await lab.LoadAsync(1, Image);
        await lab.Docker(1,
            "run", "-d", "--name", "daas", "-p", $"{HttpPort}:80",
            "-v", $"{lab.SocketOf(1)}:/var/run/docker.sock", "-v", "daas:/var/lib/daas",
            "-e", "DOMAIN_NAME=localhost", "-e", $"PASSWORD={Password}",
            "-e", "ORCHESTRATOR=swarm", "-e", $"REGISTRY_ADDRESS={SwarmLab.ManagerAddress}:{HttpPort}", "-e", "DRAIN_TIMEOUT=5", Image);
        Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("v2/", null)).Status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30)), await DaasLogsAsync());
        Assert.Contains($"nodes pull from {SwarmLab.ManagerAddress}:{HttpPort}", await DaasLogsAsync(), StringComparison.Ordinal);

        // When an app asking for 3 replicas is pushed with the docker CLI (through the manager's engine)
        await PushAsync("v1");

        // Then its 3 tasks run, one per node, and DaaS's answers come from all three
        Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("", App)).Body.Trim() == "v1", TimeSpan.FromSeconds(90)), await DaasLogsAsync());
        Assert.True(await Eventually.HoldsAsync(async () => (await RunningTasksAsync()).Select(t => t.Node).Distinct().Count() == 3, TimeSpan.FromSeconds(30)), string.Join("\n", await RunningTasksAsync()));
        Assert.True(await Eventually.HoldsAsync(async () => (await HostnamesAsync(30)).Count == 3, TimeSpan.FromSeconds(10)), string.Join(", ", await HostnamesAsync(30)));

        // When it is redeployed under steady requests
        await using (var load = SteadyLoad.Start(_http, App))
        {
            var push = Stopwatch.StartNew();
            await PushAsync("v2");
            Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("", App)).Body.Trim() == "v2", TimeSpan.FromSeconds(90)), await DaasLogsAsync());
            output.WriteLine($"push to v2 live: {push.Elapsed.TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(2));

            // Then no request failed
            var (sent, failed) = await load.StopAsync();
            output.WriteLine($"redeploy: {sent} requests, {failed.Count} failed");
            Assert.True(sent > 20 && failed.Count == 0, $"{sent} sent, failed: {string.Join("; ", failed.Take(5))}");
        }

        // When an app with a volume (one replica, stop-first) writes a note and is pushed again
        await PushAsync("notes v1", Notes, new ImageOptions { Volumes = ["/data"] });
        Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("cgi-bin/notes?kept", Notes)).Body == "kept\n", TimeSpan.FromSeconds(90)), await DaasLogsAsync());
        var firstNode = Assert.Single(await RunningTasksAsync(Notes)).Node;
        await PushAsync("notes v2", Notes, new ImageOptions { Volumes = ["/data"] });
        Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("", Notes)).Body.Trim() == "notes v2", TimeSpan.FromSeconds(90)), await DaasLogsAsync());

        // Then the new release's task runs on the node holding the volume, and the note is there
        Assert.Equal(firstNode, Assert.Single(await RunningTasksAsync(Notes)).Node);
        Assert.Equal("kept\n", (await TryGetAsync("cgi-bin/notes", Notes)).Body);

        // And 2 replicas of it are refused through the API, saying why
        using (var put = Authorized(HttpMethod.Put, $"api/apps/{Notes}/replicas"))
        {
            put.Content = new StringContent("""{"replicas":2}""", System.Text.Encoding.UTF8, "application/json");
            using var answer = await _http.SendAsync(put);
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Contains("each replica would get a volume of its own", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // When a node is drained, under steady requests
        await using (var load = SteadyLoad.Start(_http, App))
        {
            await lab.Docker(1, "node", "update", "--availability", "drain", "daaslab-n2");

            // Then its task moves to the other nodes, 3 replicas run again, and no request failed
            Assert.True(await Eventually.HoldsAsync(async () => await RunningTasksAsync() is { Count: 3 } tasks && tasks.All(t => t.Node != "daaslab-n2"), TimeSpan.FromSeconds(60)),
                string.Join("\n", await RunningTasksAsync()));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (sent, failed) = await load.StopAsync();
            output.WriteLine($"drain: {sent} requests, {failed.Count} failed");
            Assert.True(failed.Count == 0, $"{sent} sent, failed: {string.Join("; ", failed.Take(5))}");
        }

        // When node 3's engine is killed, under steady requests
        await using (var load = SteadyLoad.Start(_http, App))
        {
            var killed = Stopwatch.StartNew();
            await lab.KillEngineAsync(3);

            // Then the manager sees the node go, its task is replaced on the manager, and requests keep succeeding
            Assert.True(await Eventually.HoldsAsync(async () => (await lab.Docker(1, "node", "inspect", "-f", "{{.Status.State}}", "daaslab-n3")).Trim() == "down", TimeSpan.FromSeconds(60)));
            output.WriteLine($"node 3 down after {killed.Elapsed.TotalSeconds:F1} s");
            Assert.True(await Eventually.HoldsAsync(async () => (await RunningTasksAsync()).Count(t => t.Node == "daaslab-n1") == 3, TimeSpan.FromSeconds(60)),
                string.Join("\n", await RunningTasksAsync()));
            output.WriteLine($"3 replicas on the manager after {killed.Elapsed.TotalSeconds:F1} s");
            Assert.True(await Eventually.HoldsAsync(async () => (await HostnamesAsync(20)).Count == 3, TimeSpan.FromSeconds(10)));
            var (sent, failed) = await load.StopAsync();
            output.WriteLine($"dead engine: {sent} requests, {failed.Count} failed");
            Assert.True(failed.Count == 0, $"{sent} sent, failed: {string.Join("; ", failed.Take(5))}\n{await DaasLogsAsync()}");
        }

        // When the API sets 2 replicas
        using (var put = Authorized(HttpMethod.Put, $"api/apps/{App}/replicas"))
        {
            put.Content = new StringContent("""{"replicas":2}""", System.Text.Encoding.UTF8, "application/json");
            using var answer = await _http.SendAsync(put);
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        // Then the service is scaled in place: 2 tasks, no new release, and the app view says so
        Assert.True(await Eventually.HoldsAsync(async () => (await RunningTasksAsync()).Count == 2, TimeSpan.FromSeconds(30)), string.Join("\n", await RunningTasksAsync()));
        using var shown = await _http.SendAsync(Authorized(HttpMethod.Get, $"api/apps/{App}"));
        using var view = System.Text.Json.JsonDocument.Parse(await shown.Content.ReadAsStringAsync());
        Assert.Equal((2, true, 2), (view.RootElement.GetProperty("replicas").GetInt32(), view.RootElement.GetProperty("replicasSet").GetBoolean(), view.RootElement.GetProperty("currentRelease").GetProperty("number").GetInt32()));
        Assert.True(await Eventually.HoldsAsync(async () => (await HostnamesAsync(20)).Count == 2, TimeSpan.FromSeconds(10)));
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path) => new(method, path)
    {
        Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{Password}"))) },
    };

    public void Dispose() => _http.Dispose();

    /// <summary>Builds the test app (by default web with daas.replicas=3) on the host, copies it to the manager and pushes it from there.</summary>
    private async Task PushAsync(string version, string app = App, ImageOptions? options = null)
    {
        var tag = $"{Registry}/{app}:latest";
        await TestImages.BuildAsync(tag, version, options ?? new ImageOptions { Labels = new Dictionary<string, string> { ["daas.replicas"] = "3" } });
        await lab.LoadAsync(1, tag);
        await Commands.RunCheckedAsync("docker", ["rmi", tag]);
        await lab.Docker(1, "login", Registry, "-u", "admin", "-p", Password);
        await lab.Docker(1, "push", tag);
    }

    /// <summary>The app's service tasks that run, with their node's name.</summary>
    private async Task<List<(string Node, string State)>> RunningTasksAsync(string app = App)
    {
        var services = (await lab.Docker(1, "service", "ls", "-q", "--filter", $"label=daas.app={app}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tasks = new List<(string, string)>();
        foreach (var service in services)
        {
            var listed = await lab.TryDocker(1, "service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}");
            tasks.AddRange(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2))
                .Where(parts => parts.Length == 2 && parts[1].StartsWith("Running", StringComparison.Ordinal))
                .Select(parts => (parts[0], parts[1])));
        }

        return tasks;
    }

    /// <summary>The distinct container host names (one per task) that answered <paramref name="requests"/> requests for the env page.</summary>
    private async Task<HashSet<string>> HostnamesAsync(int requests)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var body = (await TryGetAsync("cgi-bin/env", App)).Body;
            if (body.Split('\n').FirstOrDefault(l => l.StartsWith("HOSTNAME=", StringComparison.Ordinal)) is { } line)
            {
                names.Add(line);
            }
        }

        return names;
    }

    private async Task<(HttpStatusCode Status, string Body)> TryGetAsync(string path, string? app)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (app is not null)
            {
                request.Headers.Host = $"{app}.localhost";
            }

            using var response = await _http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, e.Message);
        }
    }

    private async Task<string> DaasLogsAsync() => (await lab.TryDocker(1, "logs", "--tail", "100", "daas")).Output;

    /// <summary>One request after another to the app's / until stopped: how many were sent, and each failure (not 200, or no answer).</summary>
    private sealed class SteadyLoad : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<string> _failed = [];
        private readonly Task _running;
        private int _sent;

        private SteadyLoad(HttpClient http, string app) => _running = RunAsync(http, app);

        public static SteadyLoad Start(HttpClient http, string app) => new(http, app);

        public async Task<(int Sent, List<string> Failed)> StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            return (_sent, _failed);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }

        private async Task RunAsync(HttpClient http, string app)
        {
            while (!_stop.IsCancellationRequested)
            {
                _sent++;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                    request.Headers.Host = $"{app}.localhost";
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        _failed.Add($"{(int)response.StatusCode} at {DateTime.UtcNow:HH:mm:ss.fff}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    _failed.Add($"{e.GetBaseException().Message} at {DateTime.UtcNow:HH:mm:ss.fff}");
                }

                await Task.Delay(20);
            }
        }
    }
}
