using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Raw HTTP against DaaS's /v2/ API, for tests that walk the distribution spec request by request:
/// push a blob or a manifest, send any request with credentials, read the error code of a body.
/// No registry client library sits in between, so what a test asserts is what goes on the wire.
/// </summary>
public sealed class RegistryHttp(DaasServer server)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string EmptyJson = "application/vnd.oci.empty.v1+json";

    public static string DigestOf(byte[] content) => $"sha256:{Convert.ToHexStringLower(SHA256.HashData(content))}";

    public static string DigestOf(string content) => DigestOf(Encoding.UTF8.GetBytes(content));

    /// <summary>Sends a request with credentials; <paramref name="accept"/> sets the Accept header when given.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? accept = null, string? range = null)
    {
        using var request = server.AuthorizedRequest(method, path);
        request.Content = content;
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        return await server.Http.SendAsync(request);
    }

    /// <summary>Pushes a blob monolithically (POST with ?digest=) and returns its descriptor.</summary>
    public async Task<JsonObject> PushBlobAsync(string repository, byte[] content, string mediaType = "application/octet-stream")
    {
        var digest = DigestOf(content);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, $"v2/{repository}/blobs/uploads/?digest={digest}", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Descriptor(mediaType, digest, content.Length);
    }

    /// <summary>PUTs a manifest with its media type as Content-Type; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, string json, string mediaType)
    {
        using var body = new StringContent(json, Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await SendAsync(HttpMethod.Put, $"v2/{repository}/manifests/{reference}", body);
    }

    /// <summary>PUTs a manifest that must be accepted (201) and returns its descriptor.</summary>
    public async Task<JsonObject> PushManifestAsync(string repository, string reference, JsonObject manifest)
    {
        var json = manifest.ToJsonString();
        var mediaType = manifest["mediaType"]!.GetValue<string>();
        using var response = await PutManifestAsync(repository, reference, json, mediaType);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT manifest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return Descriptor(mediaType, DigestOf(json), Encoding.UTF8.GetByteCount(json));
    }

    /// <summary>
    /// Pushes a small OCI image manifest, by digest or by <paramref name="tag"/>: one random layer and
    /// the given config (the OCI empty descriptor <c>{}</c> when none), with optional artifact type,
    /// subject and annotations.
    /// </summary>
    public async Task<JsonObject> PushImageAsync(
        string repository, string? tag = null, string? artifactType = null, JsonObject? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null, string configMediaType = EmptyJson)
    {
        var config = await PushBlobAsync(repository, "{}"u8.ToArray(), configMediaType);
        var layer = await PushBlobAsync(repository, RandomNumberGenerator.GetBytes(64), "application/vnd.oci.image.layer.v1.tar");
        var manifest = ImageManifest(config, [layer], artifactType, subject, annotations);
        return await PushManifestAsync(repository, tag ?? DigestOf(manifest.ToJsonString()), manifest);
    }

    public static JsonObject ImageManifest(JsonObject config, IEnumerable<JsonObject> layers, string? artifactType = null,
        JsonObject? subject = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = config.DeepClone(),
            ["layers"] = new JsonArray(layers.Select(layer => (JsonNode)layer.DeepClone()).ToArray()),
        };
        AddOptional(manifest, artifactType, subject, annotations);
        return manifest;
    }

    public static JsonObject IndexManifest(IEnumerable<JsonObject> manifests, string? artifactType = null,
        JsonObject? subject = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray(manifests.Select(manifest => (JsonNode)manifest.DeepClone()).ToArray()),
        };
        AddOptional(index, artifactType, subject, annotations);
        return index;
    }

    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>The first error code of a spec error body (<c>{"errors":[{"code":…}]}</c>), or null if the body is not one.</summary>
    public static Task<string?> ErrorCodeAsync(HttpResponseMessage response) => ErrorFieldAsync(response, "code");

    /// <summary>The first error's detail (decoded from JSON), or null.</summary>
    public static Task<string?> ErrorDetailAsync(HttpResponseMessage response) => ErrorFieldAsync(response, "detail");

    /// <summary>The target of a <c>Link: &lt;…&gt;; rel="next"</c> header, or null when there is none.</summary>
    public static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        var link = values.Single();
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
    }

    private static void AddOptional(JsonObject manifest, string? artifactType, JsonObject? subject, IReadOnlyDictionary<string, string>? annotations)
    {
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            manifest["subject"] = subject.DeepClone();
        }

        if (annotations is not null)
        {
            manifest["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }
    }

    private static async Task<string?> ErrorFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("errors")[0].GetProperty(field).GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
