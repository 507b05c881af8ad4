namespace Daas.Registry.Storage;

/// <summary>
/// Serializes the two things that must not interleave: a manifest push (check that its blobs
/// exist, then store it) and garbage collection (mark what manifests reference, then delete the
/// rest). Both are short, so one process-wide lock is enough.
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
