using System.Runtime.InteropServices;

namespace Daas.IO;

/// <summary>
/// Writes and moves files so that a reader, or a crash at any moment, sees either the old
/// content or the new, never a half-written file: temp file in the same directory, fsync, rename,
/// fsync of the directory.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>0600: DATA_DIR holds secrets (env vars, the password), so no file in it is readable by others.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700, for the same reason as <see cref="PrivateFileMode"/>.</summary>
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, creating parent directories.</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken, UnixFileMode mode = PrivateFileMode)
    {
        var directory = Path.GetDirectoryName(path)!;
        CreatePrivateDirectory(directory);
        var temp = Path.Combine(directory, $".tmp-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            FsyncDirectory(directory);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Moves a complete, already fsync'd file into place. Returns false (and deletes the source)
    /// when the destination already exists, which for content-addressed files means the same bytes.
    /// </summary>
    public static bool MoveIntoPlace(string source, string destination)
    {
        var directory = Path.GetDirectoryName(destination)!;
        CreatePrivateDirectory(directory);
        if (File.Exists(destination))
        {
            File.Delete(source);
            return false;
        }

        File.Move(source, destination, overwrite: true);
        FsyncDirectory(directory);
        return true;
    }

    /// <summary>Deletes <paramref name="path"/> durably (fsync of its directory); false when there was no such file.</summary>
    public static bool DeleteFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        FsyncDirectory(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>
    /// Creates <paramref name="path"/> and every missing parent 0700. Directory.CreateDirectory with
    /// a mode gives it to the last directory only; the parents would get the umask's mode.
    /// </summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (path.Length == 0 || Directory.Exists(path))
        {
            return;
        }

        CreatePrivateDirectory(Path.GetDirectoryName(path) ?? "");
        Directory.CreateDirectory(path, PrivateDirectoryMode);
    }

    /// <summary>Makes a rename in <paramref name="directory"/> durable; .NET has no API for it, hence libc.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
