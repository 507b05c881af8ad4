using Daas.Registry.Storage;
using Daas.Web.Actions;
using Daas.Web.Slices;

namespace Daas.Web.Ui;

/// <summary>The registry page: repositories, tags and storage; deleting a tag; garbage collection on demand.</summary>
internal static class RegistryPages
{
    public static RouteGroupBuilder MapRegistryPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/registry", RegistryAsync);
        pages.MapPost("/registry/tags/delete", DeleteTagAsync);
        pages.MapPost("/registry/gc", CollectAsync);
        return pages;
    }

    private static async Task<IResult> RegistryAsync(RegistryActions registry, StorageUsage usage, DaasOptions options, CancellationToken cancellationToken) =>
        RegistryPage.Create(new RegistryPageModel(usage.TotalBytes(), await registry.ListRepositoriesAsync(cancellationToken), options.DomainName));

    private static async Task<IResult> DeleteTagAsync(HttpContext context, RegistryActions registry, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var outcome = await registry.DeleteTagAsync(form["repository"].ToString(), form["tag"].ToString(), cancellationToken);
        return UiOutcome.Redirect(context, outcome, deleted => $"Deleted the tag {deleted.Repository}:{deleted.Tag}; its blobs go at the next garbage collection unless another tag or a recent release uses them.", "/registry");
    }

    private static async Task<IResult> CollectAsync(HttpContext context, GarbageCollector collector, CancellationToken cancellationToken)
    {
        var result = await collector.CollectAsync(cancellationToken);
        Notice.Leave(context, NoticeKind.Done, $"Garbage collection freed {UiText.Bytes(result.BytesRemoved)} ({result.BlobsRemoved} blobs removed, {result.BlobsKept} kept).");
        return TypedResults.Redirect("/registry");
    }
}
