using Daas.Metrics;

namespace Daas.Routing;

/// <summary>One app as a snapshot routes it: its route, its destinations and its traffic counters.</summary>
internal sealed class RoutedApp(AppRoute route, Destination[] destinations, AppTraffic traffic)
{
    private uint _next;

    public AppRoute Route { get; } = route;

    public IReadOnlyList<Destination> Destinations => destinations;

    public AppTraffic Traffic { get; } = traffic;

    /// <summary>
    /// The destination for the next request, or null when none serves. Of two neighbours in
    /// round-robin order, the one with fewer requests in flight (a slow instance gets fewer).
    /// </summary>
    public Destination? Pick()
    {
        switch (destinations.Length)
        {
            case 0:
                return null;
            case 1:
                return destinations[0];
            default:
                var i = Interlocked.Increment(ref _next) % (uint)destinations.Length;
                var a = destinations[i];
                var b = destinations[(i + 1) % (uint)destinations.Length];
                return b.InFlight < a.InFlight ? b : a;
        }
    }
}
