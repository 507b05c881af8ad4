namespace Daas.Registry.Storage;

/// <summary>
/// Serializes what must not interleave: a manifest push (check and touch its blobs, then store
/// it), blob commits, mounts and HEADs (which touch the blob), API deletes, and garbage
/// collection's start of mark and each single deletion (re-check the blob's time, then delete).
/// Each holder is short, so one process-wide lock is enough; GC never holds it for its whole run.
/// </summary>
internal sealed class RegistryLock : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
