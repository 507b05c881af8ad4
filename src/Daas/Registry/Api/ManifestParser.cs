using System.Text.Json;
using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>
/// Checks that a manifest is JSON of schema version 2 with a known media type and well-formed
/// descriptors, and reads what the registry acts on: the digests and sizes it references (blobs
/// for an image manifest, manifests for an index), its subject, artifact type and annotations.
/// </summary>
internal static class ManifestParser
{
    public static ParsedManifest Parse(byte[] content, string? contentType)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return Read(document.RootElement, contentType);
        }
        catch (JsonException e)
        {
            return ParsedManifest.Invalid($"manifest is not valid JSON: {e.Message}");
        }
        catch (InvalidManifestException e)
        {
            return ParsedManifest.Invalid(e.Message);
        }
    }

    private static ParsedManifest Read(JsonElement root, string? contentType)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number) || number != 2)
        {
            throw new InvalidManifestException("manifest must be a JSON object with schemaVersion 2");
        }

        var mediaType = MediaTypeOf(root, contentType) ?? throw new InvalidManifestException($"unsupported manifest media type '{contentType}'");
        var isIndex = MediaTypes.IsIndex(mediaType);
        var parsed = new ParsedManifest
        {
            MediaType = mediaType,
            IsIndex = isIndex,
            Subject = root.TryGetProperty("subject", out var subject) ? ReadDescriptor(subject, "subject") : null,
            ArtifactType = OptionalString(root, "artifactType"),
            Annotations = ReadAnnotations(root),
        };
        if (isIndex)
        {
            return parsed with { Descriptors = ReadDescriptors(root, "manifests") };
        }

        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidManifestException("image manifest has no config descriptor");
        }

        var configDescriptor = ReadDescriptor(config, "config");
        return parsed with
        {
            ConfigMediaType = configDescriptor.MediaType,
            Descriptors = [configDescriptor, .. ReadDescriptors(root, "layers")],
        };
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

    private static List<Descriptor> ReadDescriptors(JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidManifestException($"manifest has no '{property}' array");
        }

        return array.EnumerateArray().Select(descriptor => ReadDescriptor(descriptor, property)).ToList();
    }

    private static Descriptor ReadDescriptor(JsonElement descriptor, string where)
    {
        if (descriptor.ValueKind != JsonValueKind.Object
            || !descriptor.TryGetProperty("digest", out var value) || value.ValueKind != JsonValueKind.String
            || !Digest.TryParse(value.GetString(), out var digest))
        {
            throw new InvalidManifestException($"a descriptor in '{where}' has no valid digest");
        }

        if (!descriptor.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number
            || !size.TryGetInt64(out var bytes) || bytes < 0)
        {
            throw new InvalidManifestException($"descriptor {digest} in '{where}' has no valid size");
        }

        return new Descriptor(OptionalString(descriptor, "mediaType"), digest.Value, bytes);
    }

    private static string? OptionalString(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidManifestException($"'{property}' must be a string");
    }

    private static Dictionary<string, string> ReadAnnotations(JsonElement root)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("annotations", out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return annotations;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidManifestException("'annotations' must be an object of strings");
        }

        foreach (var entry in map.EnumerateObject())
        {
            annotations[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw new InvalidManifestException($"annotation '{entry.Name}' must be a string");
        }

        return annotations;
    }

    /// <summary>Unwinds a parse to <see cref="Parse"/>, which turns it into <see cref="ParsedManifest.Error"/>.</summary>
    private sealed class InvalidManifestException(string message) : Exception(message);
}
