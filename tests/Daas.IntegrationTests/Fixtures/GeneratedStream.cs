using System.Security.Cryptography;

namespace Daas.IntegrationTests.Fixtures;

/// <summary>
/// A read-only stream of <c>length</c> pseudo-random bytes made as they are read (a 100 MB body
/// without 100 MB in memory), hashing what it hands out: after the last read,
/// <see cref="Sha256Hex"/> is the SHA-256 of everything sent.
/// </summary>
public sealed class GeneratedStream(long length, int seed = 1) : Stream
{
    private readonly Random _random = new(seed);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private string? _hex;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The hash of the whole stream; only once it has all been read.</summary>
    public string Sha256Hex => _hex ?? throw new InvalidOperationException($"only {_position} of {length} bytes were read");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        var chunk = buffer[..n];
#pragma warning disable CA5394 // test data, not a secret
        _random.NextBytes(chunk);
#pragma warning restore CA5394
        _sha256.AppendData(chunk);
        _position += n;
        if (_position == length && _hex is null)
        {
            _hex = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
        }

        base.Dispose(disposing);
    }
}
