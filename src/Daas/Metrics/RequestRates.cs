using System.Collections.Concurrent;

namespace Daas.Metrics;

/// <summary>
/// Requests per minute per app over the last 60 seconds, from samples of the apps' finished-request
/// counters (<see cref="AppTraffic"/>) that <see cref="RequestRateService"/> takes every
/// <see cref="Interval"/>: the hot path pays nothing, and a rate is at most one interval old.
/// </summary>
internal sealed class RequestRates
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    // Per app, its samples of the last window plus the one just before it, oldest first.
    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, long Requests)>> _samples = new(StringComparer.Ordinal);
    private DateTimeOffset? _previous;

    /// <summary>
    /// Records every app's request count at <paramref name="now"/>, and forgets apps no longer
    /// counted. An app first seen had no counter at the previous sample, so it starts from 0 then:
    /// the requests of its first interval count. Called by one caller at a time.
    /// </summary>
    public void Sample(IReadOnlyList<AppTraffic> apps, DateTimeOffset now)
    {
        foreach (var traffic in apps)
        {
            var queue = _samples.GetOrAdd(traffic.App, static _ => new Queue<(DateTimeOffset, long)>());
            var requests = Finished(traffic);
            lock (queue)
            {
                if (queue.Count > 0 && requests < queue.Last().Requests)
                {
                    queue.Clear(); // a counter that went down is a new one: the app was deleted and pushed again
                }

                if (queue.Count == 0 && _previous is { } previous)
                {
                    queue.Enqueue((previous, 0));
                }

                queue.Enqueue((now, requests));
                while (queue.Count > 2 && now - queue.ElementAt(1).At >= Window)
                {
                    queue.Dequeue();
                }
            }
        }

        var counted = apps.Select(a => a.App).ToHashSet(StringComparer.Ordinal);
        foreach (var app in _samples.Keys.Where(app => !counted.Contains(app)))
        {
            _samples.TryRemove(app, out _);
        }

        _previous = now;
    }

    /// <summary>Requests the app finished per minute over the sampled window (up to 60 s); 0 before two samples.</summary>
    public double PerMinute(string app)
    {
        if (!_samples.TryGetValue(app, out var queue))
        {
            return 0;
        }

        lock (queue)
        {
            if (queue.Count < 2)
            {
                return 0;
            }

            var (oldestAt, oldest) = queue.Peek();
            var (newestAt, newest) = queue.Last();
            var span = newestAt - oldestAt;
            return span <= TimeSpan.Zero ? 0 : (newest - oldest) * TimeSpan.FromMinutes(1).TotalSeconds / span.TotalSeconds;
        }
    }

    private static long Finished(AppTraffic traffic)
    {
        long total = 0;
        for (var statusClass = 0; statusClass <= 5; statusClass++)
        {
            total += traffic.Requests(statusClass);
        }

        return total;
    }
}
