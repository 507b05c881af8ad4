using System.Text.Json;
using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>What the registry needs to know of a pushed manifest: its type and what it references.</summary>
internal sealed record ParsedManifest(string MediaType, bool IsIndex, IReadOnlyList<Digest> References, string? Error);

/// <summary>
/// Checks that a manifest is JSON of schema version 2 with a known media type, and lists the
/// digests it references (blobs for an image manifest, manifests for an index).
/// </summary>
internal static class ManifestParser
{
    public static ParsedManifest Parse(byte[] content, string? contentType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            return Invalid($"manifest is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2)
            {
                return Invalid("manifest must be a JSON object with schemaVersion 2");
            }

            var mediaType = MediaTypeOf(root, contentType);
            if (mediaType is null)
            {
                return Invalid($"unsupported manifest media type '{contentType}'");
            }

            var isIndex = MediaTypes.IsIndex(mediaType);
            var references = new List<Digest>();
            if (isIndex)
            {
                return CollectDescriptors(root, "manifests", references) ?? new ParsedManifest(mediaType, true, references, null);
            }

            if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
            {
                return Invalid("image manifest has no config descriptor");
            }

            var configError = AddDigest(config, references);
            return configError is not null
                ? Invalid(configError)
                : CollectDescriptors(root, "layers", references) ?? new ParsedManifest(mediaType, false, references, null);
        }
    }

    private static string? MediaTypeOf(JsonElement root, string? contentType)
    {
        if (root.TryGetProperty("mediaType", out var declared) && declared.ValueKind == JsonValueKind.String)
        {
            return MediaTypes.Manifests.Contains(declared.GetString()!) ? declared.GetString() : null;
        }

        var header = contentType?.Split(';')[0].Trim();
        if (header is not null && MediaTypes.Manifests.Contains(header))
        {
            return header;
        }

        // OCI manifests may omit mediaType; their shape tells which they are.
        return root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    private static ParsedManifest? CollectDescriptors(JsonElement root, string property, List<Digest> references)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return Invalid($"manifest has no '{property}' array");
        }

        foreach (var descriptor in array.EnumerateArray())
        {
            var error = AddDigest(descriptor, references);
            if (error is not null)
            {
                return Invalid(error);
            }
        }

        return null;
    }

    private static string? AddDigest(JsonElement descriptor, List<Digest> references)
    {
        if (descriptor.ValueKind != JsonValueKind.Object
            || !descriptor.TryGetProperty("digest", out var value) || !Digest.TryParse(value.GetString(), out var digest))
        {
            return "descriptor has no valid digest";
        }

        references.Add(digest.Value);
        return null;
    }

    private static ParsedManifest Invalid(string error) => new("", false, [], error);
}
