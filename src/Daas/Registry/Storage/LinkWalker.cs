using Daas.Registry.Model;

namespace Daas.Registry.Storage;

/// <summary>
/// The one walk over the store's link directories, which all share the shape
/// <c>&lt;directory&gt;/&lt;alg&gt;/&lt;hex&gt;/link</c> (a repository's layers, its manifest revisions, a
/// subject's referrers; see <see cref="RegistryPaths"/>). Only that exact depth counts, and only a
/// link file is a fact: an emptied directory left behind by a delete is no entry.
/// </summary>
internal static class LinkWalker
{
    /// <summary>Every link directly at <c>&lt;alg&gt;/&lt;hex&gt;/link</c> below <paramref name="directory"/>, with its digest.</summary>
    public static List<(string Link, Digest Digest)> Links(string directory)
    {
        var links = new List<(string, Digest)>();
        if (!Directory.Exists(directory))
        {
            return links;
        }

        foreach (var algorithm in Directory.EnumerateDirectories(directory))
        {
            foreach (var hex in Directory.EnumerateDirectories(algorithm))
            {
                var link = Path.Combine(hex, "link");
                if (Digest.TryParse($"{Path.GetFileName(algorithm)}:{Path.GetFileName(hex)}", out var digest) && File.Exists(link))
                {
                    links.Add((link, digest.Value));
                }
            }
        }

        return links;
    }

    /// <summary>
    /// Every repository that holds manifests or layer links, in lexical order. Name components never
    /// start with '_', which rules out store folders and tags named like them ("_layers") deeper down.
    /// </summary>
    public static List<string> Repositories(RegistryPaths paths)
    {
        if (!Directory.Exists(paths.Repositories))
        {
            return [];
        }

        return Directory.EnumerateDirectories(paths.Repositories, "_*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(d) is RegistryPaths.ManifestsFolder or RegistryPaths.LayersFolder)
            .Select(d => Path.GetRelativePath(paths.Repositories, Path.GetDirectoryName(d)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(name => !name.Split('/').Any(component => component.StartsWith('_')))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
