using System.Security.Cryptography;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// Reads a DaaS registry store straight from disk and lists what is wrong with it: a blob whose
/// content does not hash to its name, or a manifest or tag link to content that is not there.
/// </summary>
public static class StoreIntegrity
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string dataDir)
    {
        var root = Path.Combine(dataDir, "registry");
        var problems = new List<string>();
        var blobs = Path.Combine(root, "blobs", "sha256");
        if (Directory.Exists(blobs))
        {
            foreach (var data in Directory.EnumerateFiles(blobs, "data", SearchOption.AllDirectories))
            {
                var expected = Path.GetFileName(Path.GetDirectoryName(data))!;
                await using var stream = File.OpenRead(data);
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
                if (actual != expected)
                {
                    problems.Add($"blob {expected} holds content hashing to {actual}");
                }
            }
        }

        var repositories = Path.Combine(root, "repositories");
        if (Directory.Exists(repositories))
        {
            foreach (var link in Directory.EnumerateFiles(repositories, "link", SearchOption.AllDirectories))
            {
                var digest = (await File.ReadAllTextAsync(link)).Trim();
                var hex = digest["sha256:".Length..];
                if (!File.Exists(Path.Combine(blobs, hex[..2], hex, "data")))
                {
                    problems.Add($"{Path.GetRelativePath(repositories, link)} points at missing {digest}");
                }
            }
        }

        return problems;
    }
}
