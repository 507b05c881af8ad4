namespace Daas.IntegrationTests.Fixtures;

/// <summary>Removes what tests left in the engine: containers and volumes by label, images by name.</summary>
public static class DockerCleanup
{
    public static async Task RemoveContainersAsync(string labelFilter)
    {
        var ids = (await Commands.RunAsync("docker", ["ps", "-aq", "--filter", $"label={labelFilter}"])).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            await Commands.RunAsync("docker", ["rm", "-f", .. ids]);
        }
    }

    public static async Task RemoveVolumesAsync(string labelFilter)
    {
        var names = (await Commands.RunAsync("docker", ["volume", "ls", "-q", "--filter", $"label={labelFilter}"])).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length > 0)
        {
            await Commands.RunAsync("docker", ["volume", "rm", "-f", .. names]);
        }
    }

    public static async Task RemoveImagesMatchingAsync(string fragment)
    {
        var images = (await Commands.RunAsync("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"])).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(image => image.Contains(fragment, StringComparison.Ordinal))
            .Select(image => image.EndsWith(":<none>", StringComparison.Ordinal) ? image[..^":<none>".Length] : image)
            .Distinct()
            .ToArray();
        if (images.Length > 0)
        {
            await Commands.RunAsync("docker", ["rmi", "-f", .. images]);
        }

        // Images pulled by digest have no tag; remove them by their repository@digest.
        var digests = (await Commands.RunAsync("docker", ["images", "--digests", "--format", "{{.Repository}}@{{.Digest}}"])).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(image => image.Contains(fragment, StringComparison.Ordinal) && !image.EndsWith("@<none>", StringComparison.Ordinal))
            .ToArray();
        if (digests.Length > 0)
        {
            await Commands.RunAsync("docker", ["rmi", "-f", .. digests]);
        }
    }
}
