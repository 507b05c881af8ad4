using Daas.Registry.Model;
using Daas.Registry.Storage;
using Daas.Web.Api;

namespace Daas.Web.Actions;

/// <summary>
/// The registry's repositories and tags for the API and the UI, and removing a tag as the OCI
/// API's DELETE /v2/&lt;name&gt;/manifests/&lt;tag&gt; does: the tag goes, the manifest and its blobs
/// stay until garbage collection finds them unreferenced.
/// </summary>
internal sealed class RegistryActions(StorageUsage usage, ManifestStore manifests, RegistryLock registryLock)
{
    public async Task<IReadOnlyList<RepositoryView>> ListRepositoriesAsync(CancellationToken cancellationToken)
    {
        var views = new List<RepositoryView>();
        foreach (var repository in usage.PerRepository())
        {
            var tags = await usage.TagsAsync(repository.Name, cancellationToken) ?? [];
            views.Add(new RepositoryView(
                repository.Name, repository.Bytes, tags.Select(t => new TagView(t.Tag, t.Digest.ToString(), t.Bytes, t.MediaType)).ToList()));
        }

        return views;
    }

    /// <summary>Removes <paramref name="tag"/> from <paramref name="repository"/>; NotFound when either is unknown, Invalid when either is malformed.</summary>
    public async Task<ActionOutcome<DeletedTagView>> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        if (!RepositoryName.IsValid(repository) || !RepositoryName.IsValidTag(tag))
        {
            return ActionOutcome<DeletedTagView>.Invalid("reference", $"'{repository}:{tag}' is not a valid repository name and tag");
        }

        // Under the registry lock, as the OCI API's delete: it cannot interleave with a push of the same tag.
        using var held = await registryLock.AcquireAsync(cancellationToken);
        if (manifests.ListTags(repository) is null)
        {
            return ActionOutcome<DeletedTagView>.NotFound($"there is no repository named '{repository}' in the registry", "Unknown repository");
        }

        if (await manifests.ResolveTagAsync(repository, tag, cancellationToken) is not { } digest || !manifests.DeleteTag(repository, tag))
        {
            return ActionOutcome<DeletedTagView>.NotFound($"repository '{repository}' has no tag '{tag}'", "Unknown tag");
        }

        return ActionOutcome<DeletedTagView>.Done(new DeletedTagView(repository, tag, digest.ToString()));
    }
}
