using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Hosting;

public sealed class LoginThrottleTests
{
    [Fact]
    public async Task RepeatedWrongPasswords_FromOneAddress_GetTooManyRequests()
    {
        // Given DaaS allowing 3 failed logins a minute
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["LOGIN_FAILURES_PER_MINUTE"] = "3" });

        // When a client fails three times
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetV2Async(server, "admin:guess" + i)).Status);
        }

        // Then even the right password is refused with 429 and Retry-After for now
        var (status, retryAfter, body) = await GetV2Async(server, $"admin:{server.Password}");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.NotNull(retryAfter);
        Assert.Contains("TOOMANYREQUESTS", body, StringComparison.Ordinal);

        // And the failed passwords do not appear in DaaS's output
        Assert.DoesNotContain("guess", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCredentialsSentToAnApp_DoNotCountAsFailedLogins()
    {
        // Given DaaS allowing 3 failed logins a minute, and an app deployed
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["LOGIN_FAILURES_PER_MINUTE"] = "3" });
        await DeployAsync(server, "guarded", "guarded v1");

        // When the app's users send credentials DaaS does not know (the app's own Basic auth), 5 times
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = "guarded.localhost";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("appuser:apppassword" + i)));
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Then DaaS's own login from the same address still works
        Assert.Equal(HttpStatusCode.OK, (await GetV2Async(server, $"admin:{server.Password}")).Status);
    }

    [Fact]
    public async Task BlockedLocalAddress_DoesNotStopTheEngineFromPullingADeploy()
    {
        // Given an app deployed, and then 127.0.0.1 blocked by failed logins
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["LOGIN_FAILURES_PER_MINUTE"] = "3" });
        await DeployAsync(server, "throttled", "throttled v1");
        for (var i = 0; i < 3; i++)
        {
            await GetV2Async(server, "admin:wrong" + i);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetV2Async(server, $"admin:{server.Password}")).Status);

        // When, from another address, a new image (same layers, a new config) is pushed by HTTP
        using var other = FromAddress("127.0.0.2", server.Port);
        await PushVariantAsync(server, other, "throttled", "PUSHED_FROM=127.0.0.2");

        // Then the engine, on 127.0.0.1, still pulls the new manifest and config, and it goes live
        Assert.True(await Eventually.HoldsAsync(
            async () => (await server.GetAppAsync("throttled", "/cgi-bin/env")).Body.Contains("PUSHED_FROM=127.0.0.2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60)), server.Output);
    }

    /// <summary>Logs in with docker, pushes a test image as app:latest and waits until it serves <paramref name="body"/>.</summary>
    private static async Task DeployAsync(DaasServer server, string app, string body)
    {
        await using var docker = await DockerSession.LoginAsync(server);
        await docker.PushAsync(app, body);
        Assert.True(await server.WaitForAppAsync(app, body), server.Output);
    }

    /// <summary>Re-pushes repository:latest as :variant with one more env var in its config, so its digest is new.</summary>
    private static async Task PushVariantAsync(DaasServer server, HttpClient client, string repository, string extraEnv)
    {
        const string ManifestType = "application/vnd.docker.distribution.manifest.v2+json";
        using var getManifest = server.AuthorizedRequest(HttpMethod.Get, $"v2/{repository}/manifests/latest");
        getManifest.Headers.Accept.ParseAdd(ManifestType);
        var manifest = JsonNode.Parse(await (await client.SendAsync(getManifest)).Content.ReadAsStringAsync())!;
        using var getConfig = server.AuthorizedRequest(HttpMethod.Get, $"v2/{repository}/blobs/{manifest["config"]!["digest"]}");
        var imageConfig = JsonNode.Parse(await (await client.SendAsync(getConfig)).Content.ReadAsStringAsync())!;
        imageConfig["config"]!["Env"] = new JsonArray(extraEnv);
        var configBytes = Encoding.UTF8.GetBytes(imageConfig.ToJsonString());
        var configDigest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(configBytes));

        using var postConfig = server.AuthorizedRequest(HttpMethod.Post, $"v2/{repository}/blobs/uploads/?digest={configDigest}");
        postConfig.Content = new ByteArrayContent(configBytes);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(postConfig)).StatusCode);
        manifest["config"]!["digest"] = configDigest;
        manifest["config"]!["size"] = configBytes.Length;
        using var putManifest = server.AuthorizedRequest(HttpMethod.Put, $"v2/{repository}/manifests/variant");
        putManifest.Content = new StringContent(manifest.ToJsonString(), Encoding.UTF8);
        putManifest.Content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(putManifest)).StatusCode);
    }

    /// <summary>An HttpClient to DaaS whose connections come from another loopback address.</summary>
    private static HttpClient FromAddress(string address, int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

    private static async Task<(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, string Body)> GetV2Async(DaasServer server, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter, await response.Content.ReadAsStringAsync());
    }
}
