using System.Text.Encodings.Web;
using System.Text.Json;
using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Registry.Api;

/// <summary>
/// Builds the referrers API's answer: an OCI image index listing one descriptor per referrer
/// (media type, digest, size, artifact type, annotations), in digest order, optionally only those
/// of the requested artifact types.
/// </summary>
internal static class ReferrersIndex
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The index as JSON bytes. <paramref name="artifactTypes"/> empty means no filter; otherwise
    /// only referrers whose artifact type is one of them are listed.
    /// </summary>
    public static byte[] Build(IEnumerable<(StoredManifest Manifest, ParsedManifest Parsed)> referrers, IReadOnlyCollection<string> artifactTypes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", MediaTypes.OciIndex);
            writer.WriteStartArray("manifests");
            foreach (var (manifest, parsed) in referrers.OrderBy(referrer => referrer.Manifest.Digest.ToString(), StringComparer.Ordinal))
            {
                var artifactType = ArtifactTypeOf(parsed);
                if (artifactTypes.Count == 0 || (artifactType is not null && artifactTypes.Contains(artifactType)))
                {
                    WriteDescriptor(writer, manifest, parsed, artifactType);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The spec's rule: the manifest's own <c>artifactType</c>; else, for an image manifest, its
    /// config's media type; else (an index without one) none.
    /// </summary>
    public static string? ArtifactTypeOf(ParsedManifest parsed) =>
        !string.IsNullOrEmpty(parsed.ArtifactType) ? parsed.ArtifactType
        : parsed.IsIndex ? null
        : parsed.ConfigMediaType;

    private static void WriteDescriptor(Utf8JsonWriter writer, StoredManifest manifest, ParsedManifest parsed, string? artifactType)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", manifest.MediaType);
        writer.WriteString("digest", manifest.Digest.ToString());
        writer.WriteNumber("size", manifest.Content.LongLength);
        if (artifactType is not null)
        {
            writer.WriteString("artifactType", artifactType);
        }

        if (parsed.Annotations.Count > 0)
        {
            writer.WriteStartObject("annotations");
            foreach (var (key, value) in parsed.Annotations)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
