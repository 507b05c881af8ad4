using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Daas.Registry.Storage;

/// <summary>
/// The sha256 of each upload so far, computed while its bytes stream in, so that finishing an
/// upload does not read the whole blob back from disk. Only a speed-up: whenever the running
/// hash does not cover exactly the bytes on disk (a restart, a failed write, a sha512 digest),
/// it is dropped and the upload is hashed from its file. Keyed by upload id, which is random and
/// unique across repositories.
/// </summary>
internal sealed class UploadHashes
{
    private readonly ConcurrentDictionary<string, RunningHash> _hashes = new(StringComparer.Ordinal);

    /// <summary>The running hash to extend with bytes appended at <paramref name="offset"/>, or null.</summary>
    public RunningHash? ForAppend(string upload, long offset)
    {
        if (offset == 0)
        {
            var fresh = new RunningHash();
            if (_hashes.TryGetValue(upload, out var stale))
            {
                stale.Dispose();
            }

            _hashes[upload] = fresh;
            return fresh;
        }

        if (_hashes.TryGetValue(upload, out var running) && running.Length == offset)
        {
            return running;
        }

        Forget(upload);
        return null;
    }

    /// <summary>The lower-case hex sha256 of the upload if the running hash covers all <paramref name="length"/> bytes; the state is dropped either way.</summary>
    public string? Finish(string upload, long length)
    {
        if (!_hashes.TryRemove(upload, out var running))
        {
            return null;
        }

        using (running)
        {
            return running.Length == length ? Convert.ToHexStringLower(running.Hash.GetHashAndReset()) : null;
        }
    }

    public void Forget(string upload)
    {
        if (_hashes.TryRemove(upload, out var running))
        {
            running.Dispose();
        }
    }

    /// <summary>A sha256 in progress and how many bytes it has seen.</summary>
    internal sealed class RunningHash : IDisposable
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public long Length { get; private set; }

        public void Append(ReadOnlySpan<byte> data)
        {
            Hash.AppendData(data);
            Length += data.Length;
        }

        public void Dispose() => Hash.Dispose();
    }
}
