namespace Daas.Metrics;

/// <summary>Feeds <see cref="RequestRates"/>: samples every app's counters each <see cref="RequestRates.Interval"/>.</summary>
internal sealed class RequestRateService(RequestRates rates, TrafficMetrics traffic, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RequestRates.Interval, time);
        rates.Sample(traffic.All, time.GetUtcNow());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                rates.Sample(traffic.All, time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
