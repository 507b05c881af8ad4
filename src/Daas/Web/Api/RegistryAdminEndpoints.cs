using Daas.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Daas.Web.Api;

/// <summary>The registry's storage as the API shows it.</summary>
internal sealed record RegistryUsageView(long TotalBytes, IReadOnlyList<RepositoryUsage> Repositories);

/// <summary>/api/registry: storage used per repository, and garbage collection on demand.</summary>
internal static class RegistryAdminEndpoints
{
    public static IEndpointRouteBuilder MapRegistryAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/registry").RequireAuthorization();
        api.MapGet("/", Usage).WithName("GetRegistryUsage").WithSummary("Storage used in total (each blob once) and per repository.");
        api.MapPost("/gc", CollectAsync).WithName("CollectGarbage").WithSummary("Removes blobs no manifest references (older than the grace period).");
        return routes;
    }

    private static Ok<RegistryUsageView> Usage(StorageUsage usage) =>
        TypedResults.Ok(new RegistryUsageView(usage.TotalBytes(), usage.PerRepository()));

    private static async Task<Ok<GarbageCollectionResult>> CollectAsync(GarbageCollector collector, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collector.CollectAsync(cancellationToken));
}
