namespace Daas.Registry.Storage;

/// <summary>
/// Runs <see cref="UploadPurger"/> a minute after start-up (off the start-up path: it walks the
/// whole store) and then every hour.
/// </summary>
internal sealed partial class UploadPurgeService(UploadPurger purger, TimeProvider time, ILogger<UploadPurgeService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstRun, time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = purger.Purge();
                if (removed > 0)
                {
                    Log.Purged(logger, removed);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Failed(logger, e.Message);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Removed {Count} abandoned upload sessions and temp files")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Purging abandoned uploads failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
