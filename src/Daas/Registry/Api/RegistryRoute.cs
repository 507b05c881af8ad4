using System.Text.RegularExpressions;

namespace Daas.Registry.Api;

/// <summary>Which spec resource a /v2/ path addresses.</summary>
internal enum RegistryResource
{
    Base,
    Catalog,
    Tags,
    Manifest,
    Blob,
    UploadStart,
    Upload,
    Referrers,
}

/// <summary>
/// Parses the part of a path after /v2/. Repository names may contain slashes, which ASP.NET
/// route templates cannot express before a fixed suffix, so the registry routes by hand here.
/// The name and argument are not validated yet; the endpoints do that with the spec's codes.
/// </summary>
internal sealed partial record RegistryRoute(RegistryResource Resource, string Name, string Argument)
{
    public static RegistryRoute? Parse(string path)
    {
        switch (path)
        {
            case "":
                return new RegistryRoute(RegistryResource.Base, "", "");
            case "_catalog":
                return new RegistryRoute(RegistryResource.Catalog, "", "");
        }

        var match = Pattern().Match(path);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        if (match.Groups["tags"].Success)
        {
            return new RegistryRoute(RegistryResource.Tags, name, "");
        }

        var argument = match.Groups["arg"].Value;
        return match.Groups["kind"].Value switch
        {
            "manifests" => new RegistryRoute(RegistryResource.Manifest, name, argument),
            "referrers" when argument.Length > 0 => new RegistryRoute(RegistryResource.Referrers, name, argument),
            "blobs/uploads" when argument.Length == 0 => new RegistryRoute(RegistryResource.UploadStart, name, ""),
            "blobs/uploads" => new RegistryRoute(RegistryResource.Upload, name, argument),
            "blobs" when argument.Length > 0 => new RegistryRoute(RegistryResource.Blob, name, argument),
            _ => null,
        };
    }

    [GeneratedRegex("^(?<name>.+?)/(?:(?<tags>tags/list)|(?<kind>manifests|blobs/uploads|blobs|referrers)/(?<arg>[^/]*))$")]
    private static partial Regex Pattern();
}
