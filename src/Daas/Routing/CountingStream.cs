using System.Runtime.CompilerServices;
using Daas.Metrics;

namespace Daas.Routing;

/// <summary>A connection to an app that adds the bytes it carries to the app's traffic: written = sent to the app, read = received from it.</summary>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly AppTraffic _traffic;
    private int _closed;

    public CountingStream(Stream inner, AppTraffic traffic)
    {
        _inner = inner;
        _traffic = traffic;
        traffic.ConnectionOpened();
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Received(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Received(_inner.Read(buffer));

    // Pooled: a read of a response nearly always waits, and a fresh state machine per read would be garbage per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Received(await _inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        _traffic.AddRequestBytes(buffer.Length);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _traffic.AddRequestBytes(buffer.Length);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _traffic.ConnectionClosed();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _traffic.ConnectionClosed();
            await _inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private int Received(int count)
    {
        _traffic.AddResponseBytes(count);
        return count;
    }
}
