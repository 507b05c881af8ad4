namespace Daas.Registry.Api;

/// <summary>GET /v2/&lt;name&gt;/tags/list and GET /v2/_catalog.</summary>
internal static class TagEndpoints
{
    public static IResult List(RegistryServices services, string name)
    {
        var tags = services.Manifests.ListTags(name);
        return tags is null
            ? RegistryErrors.Result(RegistryErrorCode.NameUnknown, $"repository {name} not found")
            : TypedResults.Json(new { name, tags });
    }

    public static IResult Catalog(RegistryServices services) =>
        TypedResults.Json(new { repositories = services.Manifests.ListRepositories() });
}
