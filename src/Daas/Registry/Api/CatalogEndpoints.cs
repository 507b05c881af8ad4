namespace Daas.Registry.Api;

/// <summary>GET /v2/_catalog: every repository with a manifest, paginated with <c>n</c> and <c>last</c> (see <see cref="Pagination"/>).</summary>
internal static class CatalogEndpoints
{
    public static IResult List(HttpContext context, RegistryServices services) =>
        Pagination.Respond(context, "/v2/_catalog", services.Manifests.ListRepositories(), page => new RepositoryCatalog(page), RegistryJsonContext.Default.RepositoryCatalog);
}
