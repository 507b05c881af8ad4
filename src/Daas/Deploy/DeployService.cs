namespace Daas.Deploy;

/// <summary>
/// Runs deploys one at a time, in the order they were asked for, and reconciles Docker with
/// State at start-up and whenever RECONCILE_INTERVAL passes. Reconciling in the same
/// loop means it never sees a deploy half done (a new container would look like a stray).
/// </summary>
internal sealed partial class DeployService(DeployQueue queue, Deployer deployer, Reconciler reconciler, DaasOptions options, TimeProvider time, ILogger<DeployService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ReconcileAsync(stoppingToken);
        var nextReconcile = time.GetUtcNow() + options.ReconcileInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var request = await NextRequestAsync(nextReconcile - time.GetUtcNow(), stoppingToken);
            if (request is not null)
            {
                await DeployAsync(request, stoppingToken);
            }

            if (time.GetUtcNow() >= nextReconcile)
            {
                await ReconcileAsync(stoppingToken);
                nextReconcile = time.GetUtcNow() + options.ReconcileInterval;
            }
        }
    }

    /// <summary>The next deploy request, or null when <paramref name="wait"/> passes first.</summary>
    private async Task<DeployRequest?> NextRequestAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        try
        {
            return await queue.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task DeployAsync(DeployRequest request, CancellationToken stoppingToken)
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

    private async Task ReconcileAsync(CancellationToken stoppingToken)
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
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Deploy of {App} failed unexpectedly")]
        public static partial void Crashed(ILogger logger, string app, Exception exception);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Reconciling Docker with State failed; deploys go on")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception);
    }
}
