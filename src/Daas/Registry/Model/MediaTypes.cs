namespace Daas.Registry.Model;

/// <summary>The manifest media types the registry stores and serves.</summary>
internal static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerImageConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";

    public static readonly IReadOnlySet<string> Manifests = new HashSet<string>(StringComparer.Ordinal)
    {
        DockerManifest, DockerManifestList, OciManifest, OciIndex,
    };

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;
}
