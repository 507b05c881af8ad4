using System.Threading.Channels;
using Daas.Deploy.Docker;
using Daas.State;
using Docker.DotNet.Models;

namespace Daas.Deploy;

/// <summary>
/// Keeps the routes following the containers: every Docker event on one of this instance's
/// containers (start, die, stop, destroy, ...) triggers a route refresh. Events missed while the
/// stream reconnects are covered by the periodic reconcile, which refreshes the routes too.
/// </summary>
internal sealed partial class DockerEventWatcher(DockerEngine engine, RouteSync routeSync, InstanceId instance, ILogger<DockerEventWatcher> logger) : BackgroundService
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WatchAsync(stoppingToken), RefreshLoopAsync(stoppingToken));

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{DaasLabels.Instance}={instance.Value}"] = true },
            },
        };
        var progress = new SignalProgress(_changes.Writer);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.Client.System.MonitorEventsAsync(parameters, progress, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.StreamLost(logger, e.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await routeSync.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RefreshFailed(logger, e.GetBaseException().Message);
            }
        }
    }

    /// <summary>Turns each event into a "something changed" signal; bursts collapse into one refresh.</summary>
    private sealed class SignalProgress(ChannelWriter<bool> writer) : IProgress<Message>
    {
        public void Report(Message value) => writer.TryWrite(true);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "Docker event stream lost, reconnecting: {Reason}")]
        public static partial void StreamLost(ILogger logger, string reason);

        [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Route refresh failed: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string reason);
    }
}
