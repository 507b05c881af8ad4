namespace Daas.Routing;

/// <summary>
/// One instance's address, with the requests in flight to it. The same object stands for an
/// address in every snapshot that routes it, so the count survives route changes and a drain
/// can wait for it to reach zero.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token must stay valid for requests still holding the destination; nothing owns its end.")]
internal sealed class Destination(Uri address)
{
    private readonly CancellationTokenSource _gone = new();
    private int _inFlight;
    private int _routed;
    private long _unreachableUntil;

    public Uri Address { get; } = address;

    /// <summary>The prefix the forwarder puts before the request's path.</summary>
    public string Prefix { get; } = address.GetLeftPart(UriPartial.Authority);

    /// <summary>The counters of the app this address serves (set by each route update).</summary>
    public Metrics.AppTraffic? Traffic { get; set; }

    /// <summary>Cancelled when the instance behind the address is known dead: requests still on it can get no answer.</summary>
    public CancellationToken Gone => _gone.Token;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool Routed => Volatile.Read(ref _routed) == 1;

    /// <summary>False for a while after a connection to it failed (see <see cref="MarkUnreachable"/>).</summary>
    public bool Reachable(long now) => now >= Volatile.Read(ref _unreachableUntil);

    /// <summary>
    /// A connection to it could not be made (a node gone, a task being replaced): requests pick other
    /// destinations until <paramref name="until"/> (a <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp), by which the route has usually caught up.
    /// </summary>
    public void MarkUnreachable(long until) => Volatile.Write(ref _unreachableUntil, until);

    /// <summary>
    /// Counts a request in, unless the destination has just left the route. Paired with
    /// <see cref="SetRouted"/>: both sides write with a full fence before they read the other's
    /// field, so either the request sees the removal or the drain sees the request, never neither.
    /// </summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _routed) == 1)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void SetRouted(bool routed) => Interlocked.Exchange(ref _routed, routed ? 1 : 0);

    /// <summary>
    /// Ends the requests in flight to a dead instance (a killed container answers nothing, and a
    /// connection to it would hang until the idle timeout): they get the 502 page at once.
    /// </summary>
    public void MarkGone() => _gone.Cancel();
}
