using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>
/// What the registry needs to know of a manifest: its type, what it references (with the sizes it
/// declares), and what the referrers API reports of it. An invalid manifest has only <see cref="Error"/>.
/// </summary>
internal sealed record ParsedManifest
{
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations = new Dictionary<string, string>();

    public required string MediaType { get; init; }

    public bool IsIndex { get; init; }

    /// <summary>The blobs an image manifest needs (config first, then layers), or the manifests an index lists.</summary>
    public IReadOnlyList<Descriptor> Descriptors { get; init; } = [];

    /// <summary>The manifest this one refers to (OCI 1.1 <c>subject</c>), which need not exist.</summary>
    public Descriptor? Subject { get; init; }

    /// <summary>The manifest's own <c>artifactType</c>, if it declares one.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>The config descriptor's media type; null for an index.</summary>
    public string? ConfigMediaType { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = NoAnnotations;

    public string? Error { get; init; }

    public static ParsedManifest Invalid(string error) => new() { MediaType = "", Error = error };
}
