namespace Daas.Registry.Storage;

/// <summary>
/// Removes one repository's manifests, tags, layer links and uploads (not nested repositories
/// below it), under the registry lock so no push interleaves. The blobs go at the next garbage
/// collection, once nothing else references them.
/// </summary>
internal sealed class RepositoryEraser(RegistryPaths paths, RegistryLock registryLock)
{
    /// <summary>False when the repository held nothing.</summary>
    public async Task<bool> EraseAsync(string repository, CancellationToken cancellationToken)
    {
        using var held = await registryLock.AcquireAsync(cancellationToken);
        var erased = false;
        foreach (var directory in new[] { paths.Manifests(repository), paths.Layers(repository), paths.Uploads(repository) })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
                erased = true;
            }
        }

        return erased;
    }
}
