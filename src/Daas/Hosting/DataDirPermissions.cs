using System.Runtime.InteropServices;
using Daas.IO;

namespace Daas.Hosting;

/// <summary>
/// Keeps DATA_DIR private: it holds daas.db (every app's env vars, i.e. secrets), the password
/// and the registry's content, so DATA_DIR and its directories are 0700 and its files 0600.
/// New files are private from their first byte (umask 077, explicit modes); an install made
/// before that rule is corrected once per start.
/// </summary>
internal static partial class DataDirPermissions
{
    /// <summary>Octal 077: no permission bit for group or others on anything the process creates.</summary>
    private const uint PrivateUmask = 0b000_111_111;

    /// <summary>
    /// Sets the process umask to 077. Called before anything is written, it covers files DaaS does
    /// not create itself (SQLite's daas.db, -wal and -shm) and anything created without an explicit
    /// mode, so no file is ever world-readable, not even between its creation and a chmod.
    /// </summary>
    public static void RestrictNewFiles() => _ = Umask(PrivateUmask);

    /// <summary>Creates <paramref name="dataDir"/>, and any missing parent, 0700 when it is missing.</summary>
    public static void CreateDataDir(string dataDir) => AtomicFile.CreatePrivateDirectory(Path.GetFullPath(dataDir));

    /// <summary>
    /// Makes <paramref name="dataDir"/> and every directory under it 0700 and every file 0600;
    /// returns how many entries it changed. Safe to run on every start: it is idempotent (entries
    /// already private are only read, so a corrected install costs one stat per entry), it never
    /// changes an owner or a byte of content, and it does not follow symbolic links, so nothing
    /// outside DATA_DIR is touched. DATA_DIR is made 0700 first, so no other user can swap a
    /// link in while the walk runs. DaaS itself needs nothing beyond the owner's bits.
    /// </summary>
    public static int Correct(string dataDir)
    {
        var changed = SetMode(new DirectoryInfo(dataDir), AtomicFile.PrivateDirectoryMode) ? 1 : 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(dataDir));
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    // A symbolic link: chmod would change its target, which may lie outside DATA_DIR.
                    continue;
                }

                if (entry is DirectoryInfo subdirectory)
                {
                    changed += SetMode(subdirectory, AtomicFile.PrivateDirectoryMode) ? 1 : 0;
                    pending.Push(subdirectory);
                }
                else
                {
                    changed += SetMode(entry, AtomicFile.PrivateFileMode) ? 1 : 0;
                }
            }
        }

        return changed;
    }

    private static bool SetMode(FileSystemInfo entry, UnixFileMode mode)
    {
        if (entry.UnixFileMode == mode)
        {
            return false;
        }

        entry.UnixFileMode = mode;
        return true;
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
