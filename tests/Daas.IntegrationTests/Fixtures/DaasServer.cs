using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A real DaaS process (the built Daas.dll) on a free loopback port with its own DATA_DIR.
/// Disposing it stops the process and removes the containers it started, by its instance label.
/// </summary>
public sealed class DaasServer : IAsyncDisposable
{
    public const string Username = "admin";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDataDir;

    private DaasServer(Process process, int port, int httpsPort, string domain, string dataDir, string password, bool ownsDataDir)
    {
        HttpsPort = httpsPort;
        Domain = domain;
        _ownsDataDir = ownsDataDir;
        _process = process;
        Port = port;
        DataDir = dataDir;
        Password = password;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary>HTTPS_PORT: a free port of its own unless the settings name one.</summary>
    public int HttpsPort { get; }

    /// <summary>DOMAIN_NAME: localhost unless the settings name another.</summary>
    public string Domain { get; }
    public string DataDir { get; }
    public string Password { get; }
    public HttpClient Http { get; }

    /// <summary>The DaaS process's id, to read its memory use from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// The registry as the docker CLI addresses it over plain HTTP on loopback: localhost when that
    /// is DOMAIN_NAME, else the address (DaaS answers its own name and any IP address).
    /// </summary>
    public string RegistryHost => Domain == "localhost" ? $"localhost:{Port}" : $"127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string DaasDll => typeof(DaasServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DaasDll").Value!;

    /// <summary>
    /// What runs DaaS: the native executable named by DAAS_BIN (scripts/test.sh sets it to the
    /// Native AOT build users run), else `dotnet Daas.dll` from this build.
    /// </summary>
    public static (string File, string[] Arguments) Command =>
        Environment.GetEnvironmentVariable("DAAS_BIN") is { Length: > 0 } binary ? (binary, []) : ("dotnet", [DaasDll]);

    /// <summary>Starts DaaS and waits until its registry answers. A DATA_DIR passed in is kept on dispose.</summary>
    public static async Task<DaasServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDir = null, int? port = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("daas-test-").FullName;
        port ??= FreePort.Next();
        var env = new Dictionary<string, string>
        {
            ["DOMAIN_NAME"] = "localhost",
            ["HTTP_PORT"] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HTTPS_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DATA_DIR"] = dataDir,
            ["PASSWORD"] = "test-password",
            ["HEALTH_TIMEOUT"] = "20",
            ["LOGIN_FAILURES_PER_MINUTE"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = Launch(env);
        var server = new DaasServer(process, int.Parse(env["HTTP_PORT"], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(env["HTTPS_PORT"], System.Globalization.CultureInfo.InvariantCulture), env["DOMAIN_NAME"], dataDir, env["PASSWORD"], ownsDataDir);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var ready = await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                return true;
            }

            try
            {
                using var response = await server.Http.GetAsync("v2/");
                return response.StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
        if (!ready || process.HasExited)
        {
            // Slow or dead: leave no process, containers or temp DATA_DIR behind for the rest of the run.
            var output = server.Output;
            await server.DisposeAsync();
            Assert.Fail($"DaaS did not start:\n{output}");
        }

        return server;
    }

    /// <summary>Runs DaaS with the given environment until it exits by itself (for start-up errors).</summary>
    public static async Task<ProcessResult> RunToExitAsync(IReadOnlyDictionary<string, string> env) =>
        await Commands.RunAsync(Command.File, Command.Arguments, env, timeout: TimeSpan.FromSeconds(60));

    /// <summary>A request to DaaS's own host with the right credentials.</summary>
    public HttpRequestMessage AuthorizedRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return request;
    }

    /// <summary>GET &lt;path&gt; on &lt;app&gt;.DOMAIN_NAME over plain HTTP, through DaaS's proxy.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAppAsync(string app, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"{app}.{Domain}";
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the app answers / with the given body; false if it never does.</summary>
    public Task<bool> WaitForAppAsync(string app, string body, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(async () =>
        {
            var (status, text) = await GetAppAsync(app);
            return status == HttpStatusCode.OK && text.Trim() == body;
        }, timeout ?? TimeSpan.FromSeconds(60));

    public string InstanceId()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "daas.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = 'instance_id'";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Stops the process (SIGKILL when <paramref name="kill"/>), keeping DATA_DIR and containers.</summary>
    public async Task StopAsync(bool kill = false)
    {
        if (!_process.HasExited)
        {
            if (kill)
            {
                _process.Kill();
            }
            else
            {
                await Commands.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                // A shutdown that hangs must not stall the whole test run.
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        string? instance = null;
        try
        {
            instance = File.Exists(Path.Combine(DataDir, "daas.db")) ? InstanceId() : null;
        }
        catch (SqliteException)
        {
            // DaaS died before it wrote its instance id: it started no container either.
        }

        Http.Dispose();
        _process.Dispose();
        if (instance is not null)
        {
            await DockerCleanup.RemoveContainersAsync($"daas.instance={instance}");
            await DockerCleanup.RemoveVolumesAsync($"daas.instance={instance}");
        }

        await DockerCleanup.RemoveImagesMatchingAsync($":{Port}/");
        if (_ownsDataDir)
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static Process Launch(Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(Command.File) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
