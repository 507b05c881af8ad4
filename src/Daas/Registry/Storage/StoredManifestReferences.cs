using System.Text.Json;
using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// What a stored manifest references, read leniently for garbage collection: the blobs (config,
/// layers, an artifact's blobs) and, for an index, the child manifests, whose own references must be
/// read in turn. Stored manifests were validated on push, so anything unreadable references nothing
/// we could know; the <c>subject</c> is not a reference (a referrer does not keep its subject).
/// </summary>
internal static class StoredManifestReferences
{
    /// <summary>Manifests are at most this big (the PUT limit); a larger blob is no manifest and is not read.</summary>
    public const long MaxManifestBytes = 4 * 1024 * 1024;

    public static (List<Digest> Blobs, List<Digest> Manifests) Read(byte[] manifest)
    {
        var blobs = new List<Digest>();
        var manifests = new List<Digest>();
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (blobs, manifests);
            }

            if (root.TryGetProperty("config", out var config))
            {
                Add(config, blobs);
            }

            AddAll(root, "layers", blobs);
            AddAll(root, "blobs", blobs);
            AddAll(root, "manifests", manifests);
        }
        catch (JsonException)
        {
            // Unreadable: it references nothing we can know.
        }

        return (blobs, manifests);
    }

    private static void AddAll(JsonElement root, string property, List<Digest> into)
    {
        if (root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var descriptor in array.EnumerateArray())
            {
                Add(descriptor, into);
            }
        }
    }

    private static void Add(JsonElement descriptor, List<Digest> into)
    {
        if (descriptor.ValueKind == JsonValueKind.Object && descriptor.TryGetProperty("digest", out var digest)
            && digest.ValueKind == JsonValueKind.String && Digest.TryParse(digest.GetString(), out var parsed))
        {
            into.Add(parsed.Value);
        }
    }
}
