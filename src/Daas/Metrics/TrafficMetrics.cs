using System.Collections.Concurrent;

namespace Daas.Metrics;

/// <summary>Every app's <see cref="AppTraffic"/>, by name: Routing asks for an app's counters when it routes it, and drops them when the app is gone.</summary>
internal sealed class TrafficMetrics
{
    private readonly ConcurrentDictionary<string, AppTraffic> _apps = new(StringComparer.Ordinal);

    public AppTraffic For(string app) => _apps.GetOrAdd(app, static name => new AppTraffic(name));

    /// <summary>Forgets the counters of apps not in <paramref name="apps"/> (deleted ones).</summary>
    public void Retain(IReadOnlySet<string> apps)
    {
        foreach (var name in _apps.Keys)
        {
            if (!apps.Contains(name))
            {
                _apps.TryRemove(name, out _);
            }
        }
    }

    public IReadOnlyList<AppTraffic> All => _apps.Values.OrderBy(a => a.App, StringComparer.Ordinal).ToList();
}
