namespace Daas.Registry.Api;

/// <summary>GET /v2/&lt;name&gt;/tags/list, paginated with <c>n</c> and <c>last</c> (see <see cref="Pagination"/>).</summary>
internal static class TagEndpoints
{
    public static IResult List(HttpContext context, RegistryServices services, string name)
    {
        var tags = services.Manifests.ListTags(name);
        return tags is null
            ? RegistryErrors.Result(RegistryErrorCode.NameUnknown, $"repository {name} not found")
            : Pagination.Respond(context, $"/v2/{name}/tags/list", tags, page => new TagList(name, page), RegistryJsonContext.Default.TagList);
    }
}
