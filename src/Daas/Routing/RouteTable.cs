using Microsoft.Extensions.Primitives;
using Daas.Metrics;
using Daas.Tls;

namespace Daas.Routing;

/// <summary>
/// The proxy's view of the apps. Each <see cref="Update"/> builds a complete new
/// <see cref="RouteSnapshot"/> and swaps it in atomically; requests already in flight finish on
/// the destinations they started with, and <see cref="DrainAsync"/> waits for them.
/// </summary>
internal sealed class RouteTable(DaasOptions options, TrafficMetrics traffic) : IDeployedApps
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(25);

    private readonly Lock _gate = new();

    // Every destination that is routed or still has requests in flight, by address.
    private readonly Dictionary<string, Destination> _destinations = new(StringComparer.Ordinal);
    private volatile RouteSnapshot _current = RouteSnapshot.Empty;

    public RouteSnapshot Current => _current;

    public IReadOnlyCollection<string> DeployedApps => _current.Apps.Values.Where(a => a.Route.Deployed).Select(a => a.Route.App).ToList();

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_current.ReplacedToken);

    /// <summary>The app's route in the current snapshot, or null when no such app exists.</summary>
    public AppRoute? Find(string app) => _current.Apps.GetValueOrDefault(app)?.Route;

    /// <summary>
    /// Routes exactly <paramref name="apps"/>. An address that leaves the route and is not among
    /// <paramref name="alive"/> (the addresses of running instances; null: unknown) is dead: its
    /// requests in flight are ended instead of drained.
    /// </summary>
    public void Update(IReadOnlyCollection<AppRoute> apps, IReadOnlySet<string>? alive = null)
    {
        lock (_gate)
        {
            var routed = new HashSet<Destination>();
            var built = new List<RoutedApp>(apps.Count);
            foreach (var route in apps)
            {
                var destinations = route.Destinations.Select(address =>
                {
                    var key = KeyOf(address);
                    if (!_destinations.TryGetValue(key, out var destination))
                    {
                        destination = new Destination(address);
                        _destinations[key] = destination;
                    }

                    destination.Traffic = traffic.For(route.App);
                    routed.Add(destination);
                    return destination;
                }).ToArray();
                built.Add(new RoutedApp(route, destinations, traffic.For(route.App)));
            }

            foreach (var destination in routed)
            {
                destination.SetRouted(true);
            }

            var next = new RouteSnapshot(options.DomainName, built);
            var previous = _current;
            _current = next;
            foreach (var (key, destination) in _destinations.ToList())
            {
                if (!routed.Contains(destination))
                {
                    // Off the route: a request that picked it from the old snapshot sees this and picks again.
                    destination.SetRouted(false);
                    if (alive is not null && !alive.Contains(key))
                    {
                        // A new instance that gets this address later must not share the cancelled token.
                        destination.MarkGone();
                        _destinations.Remove(key);
                    }
                    else if (destination.InFlight == 0)
                    {
                        _destinations.Remove(key);
                    }
                }
            }

            traffic.Retain(apps.Select(a => a.App).ToHashSet(StringComparer.Ordinal));
            previous.MarkReplaced();
        }
    }

    /// <summary>
    /// Waits until no request is in flight to any of <paramref name="addresses"/> that has left
    /// the route, or <paramref name="limit"/> passes. Returns the requests still in flight then.
    /// </summary>
    public async Task<int> DrainAsync(IReadOnlyCollection<Uri> addresses, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        List<Destination> draining;
        lock (_gate)
        {
            draining = addresses
                .Select(a => _destinations.GetValueOrDefault(KeyOf(a)))
                .OfType<Destination>()
                .Where(d => !d.Routed)
                .ToList();
        }

        var deadline = time.GetUtcNow() + limit;
        while (true)
        {
            var left = draining.Sum(d => d.InFlight);
            if (left == 0 || time.GetUtcNow() >= deadline)
            {
                Forget(draining);
                return left;
            }

            await Task.Delay(DrainPoll, time, cancellationToken);
        }
    }

    /// <summary>The key an address is known by in <see cref="Update"/>'s alive set: scheme, host and port.</summary>
    public static string KeyOf(Uri address) => address.GetLeftPart(UriPartial.Authority);

    /// <summary>The counters of the app an address belongs to, for a new connection to it; null when no app has it.</summary>
    public AppTraffic? TrafficOf(string host, int port)
    {
        var key = new UriBuilder(Uri.UriSchemeHttp, host, port).Uri.GetLeftPart(UriPartial.Authority);
        lock (_gate)
        {
            return _destinations.GetValueOrDefault(key)?.Traffic;
        }
    }

    private void Forget(List<Destination> drained)
    {
        lock (_gate)
        {
            foreach (var destination in drained.Where(d => !d.Routed && d.InFlight == 0))
            {
                if (_destinations.TryGetValue(destination.Prefix, out var known) && ReferenceEquals(known, destination))
                {
                    _destinations.Remove(destination.Prefix);
                }
            }
        }
    }
}
