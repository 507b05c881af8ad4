namespace Daas.Deploy;

/// <summary>
/// Runs deploys one at a time, in the order they were asked for, after the start-up
/// reconciliation has brought Docker back in line with State.
/// </summary>
internal sealed partial class DeployService(DeployQueue queue, Deployer deployer, Reconciler reconciler, ILogger<DeployService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await reconciler.ReconcileAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // One container Docker will not start or remove must not keep every app from deploying.
            Log.ReconcileFailed(logger, e);
        }

        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await deployer.DeployAsync(request, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Deployer records failures itself; this only keeps the loop alive if State or Docker fails outright.
                Log.Crashed(logger, request.App, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Deploy of {App} failed unexpectedly")]
        public static partial void Crashed(ILogger logger, string app, Exception exception);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Start-up reconciliation failed; deploys go on")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception);
    }
}
