using Daas.Registry.Storage;
using Daas.Web.Actions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Daas.Web.Api;

/// <summary>The registry's storage as the API shows it.</summary>
internal sealed record RegistryUsageView(long TotalBytes, IReadOnlyList<RepositoryUsage> Repositories);

/// <summary>/api/registry: storage used per repository, the repositories' tags, removing a tag, and garbage collection on demand.</summary>
internal static class RegistryAdminEndpoints
{
    public static IEndpointRouteBuilder MapRegistryAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/registry").RequireAuthorization();
        api.MapGet("/", Usage).WithName("GetRegistryUsage").WithSummary("Storage used in total (each blob once) and per repository.");
        api.MapPost("/gc", CollectAsync).WithName("CollectGarbage").WithSummary("Removes blobs no manifest references (older than the grace period).");
        api.MapGet("/repositories", RepositoriesAsync).WithName("ListRepositories")
            .WithSummary("Every repository with its size and tags; each tag with its digest, media type and size (manifest, config and layers, each blob once).");
        api.MapDelete("/repositories/{name}/tags/{tag}", DeleteTagAsync).WithName("DeleteTag")
            .WithSummary("Removes a tag, as the registry's own tag delete does; the manifest and its blobs stay until garbage collection.")
            .Produces<DeletedTagView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Ok<RegistryUsageView> Usage(StorageUsage usage) =>
        TypedResults.Ok(new RegistryUsageView(usage.TotalBytes(), usage.PerRepository()));

    private static async Task<Ok<GarbageCollectionResult>> CollectAsync(GarbageCollector collector, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collector.CollectAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<RepositoryView>>> RepositoriesAsync(RegistryActions registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListRepositoriesAsync(cancellationToken));

    private static async Task<IResult> DeleteTagAsync(string name, string tag, RegistryActions registry, CancellationToken cancellationToken) =>
        ApiResults.Of(await registry.DeleteTagAsync(name, tag, cancellationToken));
}
