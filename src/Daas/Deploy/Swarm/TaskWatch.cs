namespace Daas.Deploy.Swarm;

/// <summary>
/// The watch <see cref="SwarmRuntime.WatchAsync"/> runs: every <see cref="Interval"/> the
/// services and tasks are listed and each app whose fingerprint changed is reported, beside the
/// manager's container events (for attached containers). When either ends or fails, so does the
/// watch, and the caller reconnects and refreshes everything.
/// </summary>
internal sealed class TaskWatch(SwarmRuntime runtime, TimeProvider time)
{
    /// <summary>How soon a task that started, died or lost its node is seen.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task WatchAsync(Action<string> changed, Func<CancellationToken, Task> containerEvents, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polling = PollAsync(changed, both.Token);
        var events = containerEvents(both.Token);
        var ended = await Task.WhenAny(polling, events);
        await both.CancelAsync();
        try
        {
            await (ended == polling ? events : polling);
        }
        catch (Exception) when (both.IsCancellationRequested)
        {
            // Cancelled because the other one ended: only that one's outcome counts.
        }

        await ended;
    }

    private async Task PollAsync(Action<string> changed, CancellationToken cancellationToken)
    {
        var last = await runtime.FingerprintsAsync(cancellationToken);
        while (true)
        {
            await Task.Delay(Interval, time, cancellationToken);
            var now = await runtime.FingerprintsAsync(cancellationToken);
            foreach (var app in last.Keys.Union(now.Keys, StringComparer.Ordinal))
            {
                if (last.GetValueOrDefault(app) != now.GetValueOrDefault(app))
                {
                    changed(app);
                }
            }

            last = now;
        }
    }
}
