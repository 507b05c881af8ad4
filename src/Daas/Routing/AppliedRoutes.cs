using Yarp.ReverseProxy;

namespace Daas.Routing;

/// <summary>
/// What YARP applies, which lags the snapshot <see cref="AppProxyConfigProvider"/> hands over by a
/// moment (it reloads when the snapshot's change token fires). A stop-first deploy waits here until
/// no request can still be sent to the instance it is about to stop.
/// </summary>
internal sealed class AppliedRoutes(IProxyStateLookup proxyState, TimeProvider time)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    /// <summary>Returns once YARP routes the app to no destination, or after a short limit.</summary>
    public async Task WaitUntilUnroutedAsync(string app, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Limit;
        while (proxyState.TryGetCluster(app, out var cluster) && cluster.DestinationsState.AllDestinations.Count > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }
    }
}
