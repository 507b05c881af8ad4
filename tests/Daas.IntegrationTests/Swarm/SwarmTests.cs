using System.Diagnostics;
using System.Net;
using System.Reflection;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Swarm;

/// <summary>
/// DaaS as a container on the manager of a real three-node Swarm (<see cref="SwarmLab"/>), with
/// apps as services: replicas on every node, read through DaaS's proxy at the tasks' own
/// addresses; a redeploy, a release that crashes, a node drained and a node's engine killed, all
/// under steady requests; placement and limits from labels; an app with a volume kept on its node;
/// replicas set through the API. One test, since each step builds on the swarm the last one left.
/// </summary>
public sealed class SwarmTests(SwarmLab lab, ITestOutputHelper output) : IClassFixture<SwarmLab>, IDisposable
{
    private const string Password = "swarm-test-password";
    private const string Image = "daas-swarm-test:latest";
    private const string App = "web";
    private const string Notes = "notes";
    private const string Placed = "placed";
    private const int HttpPort = 8080;

    private static readonly string Registry = $"127.0.0.1:{HttpPort}";

    private static string RepositoryRoot =>
        typeof(SwarmTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{SwarmLab.ManagerAddress}:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task AppsAsServices_ServedFromEveryTask_ThroughARedeployACrashADrainAndADeadEngine()
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

        // When a release whose tasks crash is pushed, under steady requests
        await using (var load = SteadyLoad.Start(_http, App))
        {
            await PushAsync("v3", options: new ImageOptions
            {
                Labels = new Dictionary<string, string> { ["daas.replicas"] = "3" },
                Command = """["/bin/busybox", "sh", "-c", "echo v3 fails on purpose; exit 3"]""",
            });

            // Then it is recorded as failed with its log, its service is gone, and v2 kept serving every request
            Assert.True(await Eventually.HoldsAsync(async () => (await ReleasesAsync()).StartsWith("3 failed", StringComparison.Ordinal), TimeSpan.FromSeconds(90)), await DaasLogsAsync());
            Assert.Contains("v3 fails on purpose", await ReleasesAsync(), StringComparison.Ordinal);
            Assert.Equal("v2", (await TryGetAsync("", App)).Body.Trim());
            Assert.True(await Eventually.HoldsAsync(async () => (await lab.Docker(1, "service", "ls", "-q", "--filter", $"label=daas.app={App}")).Trim().Split('\n').Length == 1, TimeSpan.FromSeconds(30)));
            var (sent, failed) = await load.StopAsync();
            output.WriteLine($"failed release: {sent} requests, {failed.Count} failed");
            Assert.True(failed.Count == 0, $"{sent} sent, failed: {string.Join("; ", failed.Take(5))}");
        }

        // When an app constrained to node 3 with a memory limit, 2 replicas, is pushed
        await PushAsync("placed v1", Placed, new ImageOptions
        {
            Labels = new Dictionary<string, string> { ["daas.replicas"] = "2", ["daas.constraints"] = "node.hostname==daaslab-n3", ["daas.memory"] = "64m" },
        });

        // Then both its tasks run on node 3, each limited to 64 MiB
        Assert.True(await Eventually.HoldsAsync(async () => (await TryGetAsync("", Placed)).Body.Trim() == "placed v1", TimeSpan.FromSeconds(90)), await DaasLogsAsync());
        Assert.Equal(["daaslab-n3", "daaslab-n3"], (await RunningTasksAsync(Placed)).Select(t => t.Node));
        var placedService = (await lab.Docker(1, "service", "ls", "-q", "--filter", $"label=daas.app={Placed}")).Trim();
        Assert.Equal("67108864", (await lab.Docker(1, "service", "inspect", "-f", "{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}", placedService)).Trim());

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

    /// <summary>The newest release as "number state reason".</summary>
    private async Task<string> ReleasesAsync()
    {
        using var request = Authorized(HttpMethod.Get, $"api/apps/{App}/releases");
        using var response = await _http.SendAsync(request);
        using var releases = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var newest = releases.RootElement[0];
        return $"{newest.GetProperty("number").GetInt32()} {newest.GetProperty("state").GetString()} {newest.GetProperty("reason").GetString()}";
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
