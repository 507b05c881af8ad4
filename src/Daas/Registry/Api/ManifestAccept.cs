using Daas.Registry.Model;

namespace Daas.Registry.Api;

/// <summary>
/// Content negotiation for manifest GET and HEAD, as distribution does it: a client whose Accept
/// header lists manifest media types gets the manifest only if its stored type is among them (or
/// it also accepts <c>*/*</c>). No Accept header, or one that names no manifest type, gets it as stored.
/// </summary>
internal static class ManifestAccept
{
    /// <summary>Schema 1 types: old clients list them, and a list of only these names no type DaaS stores.</summary>
    private static readonly HashSet<string> Schema1 = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    };

    public static bool Allows(IEnumerable<string?> acceptHeaders, string storedMediaType)
    {
        var accepted = acceptHeaders
            .SelectMany(header => (header ?? "").Split(','))
            .Select(type => type.Split(';')[0].Trim())
            .Where(type => type.Length > 0)
            .ToList();
        var listsManifestTypes = accepted.Any(type => Schema1.Contains(type) || MediaTypes.Manifests.Contains(type.ToLowerInvariant()));
        return !listsManifestTypes
            || accepted.Contains("*/*", StringComparer.Ordinal)
            || accepted.Contains(storedMediaType, StringComparer.OrdinalIgnoreCase);
    }
}
