using System.Collections.Concurrent;
using System.Threading.Channels;
using Daas.Deploy.Runtime;

namespace Daas.Deploy;

/// <summary>
/// Follows the runtime's events: each change to one of DaaS's instances refreshes the routes
/// (bursts collapse into one refresh) and wakes that app's converge. After the stream is lost
/// and reconnected, events may have been missed, so the routes are refreshed and every app woken.
/// A change to a container DaaS did not start (attached by its network alias) refreshes the
/// routes only: there is no app of DaaS's to converge. The engine's list lags its events by a
/// moment (a container reported dead by `die` still lists as running), so each change is looked
/// at again once more after <see cref="SettleDelay"/>.
/// </summary>
internal sealed partial class RuntimeWatcher(IAppRuntime runtime, RouteSync routes, DeployScheduler scheduler, ILogger<RuntimeWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(500);

    // Apps (and "" for attached containers) with a second look pending, so a burst of events makes one.
    private readonly ConcurrentDictionary<string, bool> _settling = new(StringComparer.Ordinal);
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refresher = RefreshLoopAsync(stoppingToken);
        await WatchAsync(stoppingToken);
        await refresher;
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var reconnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var watching = runtime.WatchAsync(app => Changed(app, stoppingToken), () => Changed(null, stoppingToken), stoppingToken);
                if (reconnected)
                {
                    // Events may have been missed while the stream was down: look at everything once.
                    _changes.Writer.TryWrite(true);
                    await scheduler.WakeAllAsync(stoppingToken);
                }

                await watching;
                Log.StreamEnded(logger);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Includes a client timeout's OperationCanceledException: only shutdown ends the watch.
                Log.StreamLost(logger, e.GetBaseException().Message);
            }

            reconnected = true;
            try
            {
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Refreshes the routes and wakes the app (null: an attached container) now, and once more when the engine has settled.</summary>
    private void Changed(string? app, CancellationToken stoppingToken)
    {
        Look(app);
        if (_settling.TryAdd(app ?? "", true))
        {
            _ = Task.Delay(SettleDelay, stoppingToken).ContinueWith(
                _ =>
                {
                    _settling.TryRemove(app ?? "", out var _);
                    Look(app);
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    private void Look(string? app)
    {
        if (app is not null)
        {
            scheduler.Wake(app);
        }

        _changes.Writer.TryWrite(true);
    }

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await routes.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.RefreshFailed(logger, e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Docker event stream lost, reconnecting: {Reason}")]
        public static partial void StreamLost(ILogger logger, string reason);

        [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Route refresh failed: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Docker event stream ended; reconnecting")]
        public static partial void StreamEnded(ILogger logger);
    }
}
