using Docker.DotNet;
using Docker.DotNet.Models;

namespace Daas.Deploy.Docker;

/// <summary>
/// The engine's event streams that <see cref="ContainerRuntime.WatchAsync"/> follows: what
/// changes DaaS's instances (by their instance label) and what may change the containers
/// attached to <paramref name="network"/> by their aliases.
/// </summary>
internal sealed class ContainerEvents(IDockerClient client, string network, string instance)
{
    /// <summary>The events watched: life-cycle changes only, not the exec_* events a HEALTHCHECK makes every interval.</summary>
    private static readonly string[] LifecycleEvents = ["start", "restart", "die", "stop", "kill", "oom", "destroy", "pause", "unpause", "health_status"];

    /// <summary>
    /// Three event streams, since the engine's filters AND across keys: this DaaS's instances'
    /// life cycle; containers joining or leaving the apps' network (docker network connect and
    /// disconnect); and the start, death and HEALTHCHECK verdicts of containers without DaaS's
    /// labels (a start's connect comes before the container counts as running, a stop's disconnect
    /// before it stops counting, so those alone would refresh too early). When one stream ends or
    /// fails the others are cancelled, and its outcome is the watch's.
    /// </summary>
    public async Task WatchAsync(Action<string> changed, Action attachedChanged, CancellationToken cancellationToken)
    {
        using var streams = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] watching =
        [
            WatchInstancesAsync(changed, streams.Token),
            WatchNetworkAsync(attachedChanged, streams.Token),
            WatchOtherContainersAsync(attachedChanged, streams.Token),
        ];
        var ended = await Task.WhenAny(watching);
        await streams.CancelAsync();
        foreach (var other in watching.Where(t => t != ended))
        {
            try
            {
                await other;
            }
            catch (Exception) when (streams.IsCancellationRequested)
            {
                // Cancelled because the first one ended: only that one's outcome counts.
            }
        }

        await ended;
    }

    private Task WatchInstancesAsync(Action<string> changed, CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DaasLabels.Instance}={instance}"] = true } },
        };
        parameters.Filters["type"] = new Dictionary<string, bool> { ["container"] = true };
        parameters.Filters["event"] = LifecycleEvents.ToDictionary(e => e, _ => true);
        return client.System.MonitorEventsAsync(parameters, new Reporter(message =>
        {
            if (message.Actor?.Attributes is { } attributes && attributes.TryGetValue(DaasLabels.App, out var app))
            {
                changed(app);
            }
        }), cancellationToken);
    }

    private Task WatchNetworkAsync(Action attachedChanged, CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["network"] = true },
                ["network"] = new Dictionary<string, bool> { [network] = true },
                ["event"] = new Dictionary<string, bool> { ["connect"] = true, ["disconnect"] = true },
            },
        };
        return client.System.MonitorEventsAsync(parameters, new Reporter(_ => attachedChanged()), cancellationToken);
    }

    private Task WatchOtherContainersAsync(Action attachedChanged, CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["event"] = new Dictionary<string, bool> { ["start"] = true, ["die"] = true, ["health_status"] = true },
            },
        };
        return client.System.MonitorEventsAsync(parameters, new Reporter(message =>
        {
            // The engine sends a health verdict only when it changes; DaaS's own instances are watched above.
            if (message.Actor?.Attributes is not { } attributes
                || (!attributes.ContainsKey(DaasLabels.App) && !attributes.ContainsKey(DaasLabels.Instance)))
            {
                attachedChanged();
            }
        }), cancellationToken);
    }

    /// <summary>Reports on the calling thread; Progress&lt;T&gt; would post to the thread pool and race the end of the stream.</summary>
    private sealed class Reporter(Action<Message> report) : IProgress<Message>
    {
        public void Report(Message value) => report(value);
    }
}
