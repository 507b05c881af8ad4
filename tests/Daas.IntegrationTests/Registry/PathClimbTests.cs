using System.Net.Sockets;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Registry;

/// <summary>
/// Repository names that climb out of the store (<c>..</c>, raw or percent-encoded) reach no file
/// outside it. Sent over a raw socket, since HttpClient's Uri would normalise the dot segments away
/// before they left the test. Files are planted where an unchecked climb would land, shaped like a
/// repository that holds a pushed image, so a climb would be seen: it would serve them (200) or
/// write beside them, rather than answer the same 404 a climb into a missing folder would.
/// </summary>
[Collection(SharedDaasServer.Name)]
public sealed class PathClimbTests(DaasFixture fixture)
{
    private readonly RegistryHttp _registry = new(fixture.Server);

    /// <summary>
    /// Each climb with the status it gets. Kestrel decodes <c>%2e</c> and removes dot segments, so a
    /// climb spelled with real slashes leaves /v2/ and is no registry resource (404, or 405 for a
    /// method the UI's page catch-all does not answer); an encoded
    /// slash stays encoded, so the registry sees the whole name and refuses it (400 NAME_INVALID).
    /// </summary>
    public static TheoryData<string, int> Climbs => new()
    {
        { "../../{0}/x", 404 },
        { "%2e%2e/%2e%2e/{0}/x", 404 },
        { "a/%2e%2e/%2e%2e/%2e%2e/{0}/x", 404 },
        { "..%2F..%2F{0}%2Fx", 400 },
        { "%2E%2E%2F%2E%2E%2F{0}%2Fx", 400 },
        { "a/..%2f..%2f..%2f{0}%2fx", 400 },
    };

    [Theory]
    [MemberData(nameof(Climbs))]
    public async Task A_name_that_climbs_out_of_the_store_reads_and_writes_nothing_outside_it(string climb, int expected)
    {
        // Given an image in the store, and outside the store (in DATA_DIR, beside registry/) the tag,
        // revision and layer links of a repository "x" that names it, where the climbing name leads
        var image = await _registry.PushImageAsync("climb/source", "source");
        var manifest = image["digest"]!.GetValue<string>();
        using var pulled = await _registry.SendAsync(HttpMethod.Get, $"v2/climb/source/manifests/{manifest}");
        var manifestJson = await pulled.Content.ReadAsStringAsync();
        var layer = System.Text.Json.JsonDocument.Parse(manifestJson).RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        var outside = $"climb-{Guid.NewGuid():N}";
        var planted = Path.Combine(fixture.Server.DataDir, outside, "x");
        Plant(Path.Combine(planted, "_manifests", "tags", "planted", "current", "link"), manifest);
        Plant(Path.Combine(planted, "_manifests", "revisions", "sha256", manifest[7..], "link"), manifest);
        Plant(Path.Combine(planted, "_layers", "sha256", layer[7..], "link"), layer);
        var before = Snapshot(fixture.Server.DataDir);
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, climb, outside);

        // When every kind of registry request is sent with that name, as raw request targets
        var requests = new (string Method, string Target, string? Body)[]
        {
            ("GET", $"/v2/{name}/manifests/planted", null),
            ("HEAD", $"/v2/{name}/manifests/{manifest}", null),
            ("GET", $"/v2/{name}/tags/list", null),
            ("GET", $"/v2/{name}/blobs/{layer}", null),
            ("POST", $"/v2/{name}/blobs/uploads/", null),
            ("PUT", $"/v2/{name}/manifests/written", manifestJson),
            ("DELETE", $"/v2/{name}/manifests/planted", null),
        };
        var answers = new List<string>();
        foreach (var (method, target, body) in requests)
        {
            var (status, response) = await SendRawAsync(method, target, body);
            answers.Add($"{method} {target} -> {status}");

            // Then none is served or accepted, and nothing planted shows in the answer
            // A climb out of /v2/ lands among the UI's pages, whose catch-all answers GET and HEAD (a
            // 404 page) and so any other method with 405: either way no registry resource.
            var left = expected == 404 && method is not ("GET" or "HEAD") && status == 405;
            Assert.True(status == expected || left, $"{method} {target} answered {status}, not {expected}:\n{response}");
            Assert.DoesNotContain("planted", response, StringComparison.Ordinal);
            Assert.DoesNotContain("\"layers\"", response, StringComparison.Ordinal);
            if (expected == 400 && method != "HEAD")
            {
                Assert.Contains("NAME_INVALID", response, StringComparison.Ordinal);
            }
        }

        // And no file outside the store was changed, removed or added
        Assert.True(before.SequenceEqual(Snapshot(fixture.Server.DataDir)), string.Join('\n', answers));
    }

    private static void Plant(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Every file in DATA_DIR outside registry/ and the database, with its content and time.</summary>
    private static List<string> Snapshot(string dataDir) =>
        Directory.EnumerateFiles(dataDir, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(dataDir, file))
            .Where(file => !file.StartsWith("registry" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !file.StartsWith("daas.db", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(file => $"{file} {File.GetLastWriteTimeUtc(Path.Combine(dataDir, file)):O} {File.ReadAllText(Path.Combine(dataDir, file))}")
            .ToList();

    /// <summary>Sends the request target byte for byte, so no client library rewrites its dot segments.</summary>
    private async Task<(int Status, string Response)> SendRawAsync(string method, string target, string? body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", fixture.Server.Port);
        await using var stream = client.GetStream();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DaasServer.Username}:{fixture.Server.Password}"));
        var content = body is null ? "" : body;
        var request = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\n")
            .Append($"Host: 127.0.0.1:{fixture.Server.Port}\r\n")
            .Append($"Authorization: Basic {credentials}\r\n")
            .Append(body is null ? "" : $"Content-Type: {RegistryHttp.OciManifest}\r\n")
            .Append($"Content-Length: {Encoding.UTF8.GetByteCount(content)}\r\n")
            .Append("Connection: close\r\n\r\n")
            .Append(content);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var statusLine = response.Split("\r\n", 2)[0];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
