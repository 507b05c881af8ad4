using System.Diagnostics;

namespace Daas.Metrics;

/// <summary>
/// One app's proxy counters, written on the hot path with lock-free increments and read by the
/// metrics page. Lives as long as the app exists, across route changes.
/// </summary>
internal sealed class AppTraffic(string app)
{
    /// <summary>Upper bounds of the latency histogram's buckets, in seconds (Prometheus' defaults).</summary>
    public static readonly double[] LatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly long[] BoundTicks = LatencyBounds.Select(s => (long)(s * Stopwatch.Frequency)).ToArray();

    // Index 0 counts status codes outside 100-599 (none expected); 1-5 are 1xx-5xx.
    private readonly long[] _byStatusClass = new long[6];
    private readonly long[] _latencyBuckets = new long[LatencyBounds.Length + 1];
    private long _latencyTicks;
    private long _requestBytes;
    private long _responseBytes;
    private int _inFlight;
    private int _openConnections;

    public string App { get; } = app;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int OpenConnections => Volatile.Read(ref _openConnections);

    public long RequestBytes => Interlocked.Read(ref _requestBytes);

    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    public double LatencySeconds => (double)Interlocked.Read(ref _latencyTicks) / Stopwatch.Frequency;

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts one finished request: its status class and how long it took since <paramref name="startTimestamp"/>.</summary>
    public void RequestEnded(int status, long startTimestamp)
    {
        Interlocked.Decrement(ref _inFlight);
        var statusClass = status / 100;
        Interlocked.Increment(ref _byStatusClass[statusClass is >= 1 and <= 5 ? statusClass : 0]);
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Add(ref _latencyTicks, elapsed);
        var bucket = 0;
        while (bucket < BoundTicks.Length && elapsed > BoundTicks[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _latencyBuckets[bucket]);
    }

    public void AddRequestBytes(long count) => Interlocked.Add(ref _requestBytes, count);

    public void AddResponseBytes(long count) => Interlocked.Add(ref _responseBytes, count);

    public void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

    /// <summary>Requests finished with a status of class <paramref name="statusClass"/> (1-5 for 1xx-5xx, 0 for any other).</summary>
    public long Requests(int statusClass) => Interlocked.Read(ref _byStatusClass[statusClass]);

    /// <summary>Requests that took at most <see cref="LatencyBounds"/>[i] (the last index: longer), not cumulative.</summary>
    public long LatencyBucket(int index) => Interlocked.Read(ref _latencyBuckets[index]);
}
