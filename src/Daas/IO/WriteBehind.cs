using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Daas.IO;

/// <summary>
/// Starts writing a file's dirty pages to disk while more data is still arriving
/// (sync_file_range with SYNC_FILE_RANGE_WRITE, which does not wait), so the fsync that makes
/// a finished upload durable has little left to do. Purely a speed-up: fsync still decides.
/// </summary>
internal sealed partial class WriteBehind(SafeFileHandle file, long startOffset)
{
    private const long Step = 8 << 20;
    private const uint SyncFileRangeWrite = 2;
    private long _flushedUpTo = startOffset;

    /// <summary>Tells the kernel to start writing out everything before <paramref name="writtenUpTo"/> once a step has accumulated.</summary>
    public void Written(long writtenUpTo)
    {
        if (writtenUpTo - _flushedUpTo < Step)
        {
            return;
        }

        _ = SyncFileRange(file, _flushedUpTo, writtenUpTo - _flushedUpTo, SyncFileRangeWrite);
        _flushedUpTo = writtenUpTo;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
