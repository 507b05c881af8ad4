using Daas.Registry.Model;
using Daas.Registry.Storage;

namespace Daas.Registry.Api;

/// <summary>
/// GET /v2/&lt;name&gt;/referrers/&lt;digest&gt; (spec 1.1): the manifests of the repository whose
/// <c>subject</c> is the digest, as an OCI image index, filtered by <c>?artifactType=</c> when
/// asked. It never answers 404: clients take a 404 to mean the registry lacks the API.
/// </summary>
internal static class ReferrerEndpoints
{
    public static async Task<IResult> GetAsync(HttpContext context, RegistryServices services, RegistryRoute route)
    {
        if (!Digest.TryParse(route.Argument, out var subject))
        {
            return RegistryErrors.Result(RegistryErrorCode.DigestInvalid, $"'{route.Argument}' is not a valid digest");
        }

        var referrers = new List<(StoredManifest, ParsedManifest)>();
        foreach (var digest in services.Referrers.List(route.Name, subject.Value))
        {
            // A link left by an interrupted push or delete names a manifest that is not here: skip it.
            var manifest = await services.Manifests.GetAsync(route.Name, digest, context.RequestAborted);
            var parsed = manifest is null ? null : ManifestParser.Parse(manifest.Content, manifest.MediaType);
            if (manifest is not null && parsed is { Error: null })
            {
                referrers.Add((manifest, parsed));
            }
        }

        var artifactTypes = context.Request.Query["artifactType"].OfType<string>().Where(type => type.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (artifactTypes.Count > 0)
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        return TypedResults.Bytes(ReferrersIndex.Build(referrers, artifactTypes), MediaTypes.OciIndex);
    }
}
