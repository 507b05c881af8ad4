using System.Globalization;

namespace Daas.Registry.Storage;

/// <summary>
/// Removes what interrupted pushes leave behind: upload sessions started longer ago than
/// <see cref="MaxUploadAge"/> (by their startedat file) and temp files of atomic writes older than
/// <see cref="MaxTempFileAge"/>. Neither is ever visible through the API; this only frees disk.
/// </summary>
internal sealed class UploadPurger(RegistryPaths paths, UploadHashes hashes, TimeProvider time)
{
    public static readonly TimeSpan MaxUploadAge = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxTempFileAge = TimeSpan.FromHours(1);

    /// <summary>Returns how many upload sessions and temp files were removed.</summary>
    public int Purge()
    {
        if (!Directory.Exists(paths.Root))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var startedAtFile in Directory.EnumerateFiles(paths.Repositories, "startedat", SearchOption.AllDirectories).ToList())
        {
            var session = Path.GetDirectoryName(startedAtFile)!;
            if (Path.GetFileName(Path.GetDirectoryName(session)) == "_uploads" && StartedAt(startedAtFile) is { } started && now - started > MaxUploadAge)
            {
                hashes.Forget(Path.GetFileName(session));
                TryDelete(() => Directory.Delete(session, recursive: true), ref removed);
            }
        }

        foreach (var temp in Directory.EnumerateFiles(paths.Root, ".tmp-*", SearchOption.AllDirectories).ToList())
        {
            if (now - File.GetLastWriteTimeUtc(temp) > MaxTempFileAge)
            {
                TryDelete(() => File.Delete(temp), ref removed);
            }
        }

        return removed;
    }

    private static DateTimeOffset? StartedAt(string file)
    {
        try
        {
            return DateTimeOffset.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
                ? started
                : File.GetLastWriteTimeUtc(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(Action delete, ref int removed)
    {
        try
        {
            delete();
            removed++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Removed concurrently, or busy: the next run tries again.
        }
    }
}
