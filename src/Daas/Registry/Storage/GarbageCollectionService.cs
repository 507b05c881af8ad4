namespace Daas.Registry.Storage;

/// <summary>Runs <see cref="GarbageCollector"/> once a day, the first time an hour after start-up.</summary>
internal sealed partial class GarbageCollectionService(GarbageCollector collector, TimeProvider time, ILogger<GarbageCollectionService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRun = TimeSpan.FromHours(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstRun, time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await collector.CollectAsync(stoppingToken);
                Log.Collected(logger, result.BlobsRemoved, result.BytesRemoved, result.BlobsKept);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A disk error, or a retained-images source (Deploy's database) failing, which ends the
                // run before anything is swept. Unhandled, it would stop the whole host.
                Log.Failed(logger, e.Message);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Garbage collection removed {Removed} blobs ({Bytes} bytes) and kept {Kept}")]
        public static partial void Collected(ILogger logger, int removed, long bytes, int kept);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Garbage collection failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
