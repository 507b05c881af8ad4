using System.Diagnostics;
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
    /// round-robin order, the one with fewer requests in flight (a slow instance gets fewer). A
    /// destination marked unreachable, or <paramref name="except"/> (the one a retry comes from),
    /// is passed over while another is left.
    /// </summary>
    public Destination? Pick(Destination? except = null)
    {
        switch (destinations.Length)
        {
            case 0:
                return null;
            case 1:
                return except == destinations[0] ? null : destinations[0];
            default:
                var now = Stopwatch.GetTimestamp();
                var i = Interlocked.Increment(ref _next) % (uint)destinations.Length;
                var a = destinations[i];
                var b = destinations[(i + 1) % (uint)destinations.Length];
                if (!Usable(a, except, now) || !Usable(b, except, now))
                {
                    return PickUsable(i, except, now);
                }

                return b.InFlight < a.InFlight ? b : a;
        }
    }

    private static bool Usable(Destination destination, Destination? except, long now) => destination != except && destination.Reachable(now);

    /// <summary>The first usable destination from <paramref name="start"/> on; when all are marked unreachable, any but <paramref name="except"/>.</summary>
    private Destination? PickUsable(uint start, Destination? except, long now)
    {
        Destination? fallback = null;
        for (var k = 0; k < destinations.Length; k++)
        {
            var candidate = destinations[(start + k) % destinations.Length];
            if (Usable(candidate, except, now))
            {
                return candidate;
            }

            fallback ??= candidate == except ? null : candidate;
        }

        return fallback;
    }
}
