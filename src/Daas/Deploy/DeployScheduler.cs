using System.Collections.Concurrent;
using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// Decides when <see cref="AppConverger"/> runs: for one app when something changed for it (a push,
/// an API call, a runtime event), for every app at start-up and every RECONCILE_INTERVAL. Runs of
/// one app are serialized and coalesced (a wake during a run makes one more run, however many
/// wakes came); different apps converge in parallel, at most <see cref="MaxParallel"/> at once, so
/// one app stuck in its health gate holds no other app. Wakes are only signals: what to do is
/// always read from State, so a lost wake costs at most one reconcile interval.
/// </summary>
internal sealed partial class DeployScheduler(
    AppConverger converger, AppRepository apps, IAppRuntime runtime, RouteSync routes, IHostApplicationLifetime lifetime, DaasOptions options, TimeProvider time, ILogger<DeployScheduler> logger)
    : BackgroundService
{
    public const int MaxParallel = 4;

    /// <summary>
    /// Completes once DaaS listens: the engine pulls every release from DaaS's own registry, so a
    /// deploy started before that (at start-up, a push recorded before a crash) would fail its pull.
    /// </summary>
    private readonly Task _listening = ListeningAsync(lifetime);

    private readonly SemaphoreSlim _slots = new(MaxParallel, MaxParallel);
    private readonly ConcurrentDictionary<string, AppLane> _lanes = new(StringComparer.Ordinal);
    private CancellationToken _stopping = CancellationToken.None;

    /// <summary>Asks for the app to be converged soon; returns at once.</summary>
    public void Wake(string app)
    {
        var lane = _lanes.GetOrAdd(app, name => new AppLane(name));
        Interlocked.Exchange(ref lane.Dirty, 1);
        if (Interlocked.CompareExchange(ref lane.Running, 1, 0) == 0)
        {
            lane.Loop = Task.Run(() => RunLaneAsync(lane));
        }
    }

    /// <summary>Runs <paramref name="action"/> for the app while none of its converges runs (the API's delete).</summary>
    public async Task RunExclusiveAsync(string app, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var lane = _lanes.GetOrAdd(app, name => new AppLane(name));
        await lane.Gate.WaitAsync(cancellationToken);
        try
        {
            await action(cancellationToken);
        }
        finally
        {
            lane.Gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // Every app that runs gets its route at once, before any converge (a deploy may hold a slot for long).
            await routes.RefreshAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Log.ReconcileFailed(logger, e);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WakeAllAsync(stoppingToken);
                // Converges of apps in their steady state leave the table alone; once a period it is rebuilt whole anyway.
                await routes.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ReconcileFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.ReconcileInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await LanesIdleAsync();
    }

    /// <summary>Completes once every converge started so far, and every one owed after it, has ended.</summary>
    public Task LanesIdleAsync() => Task.WhenAll(_lanes.Values.Select(l => l.Loop ?? Task.CompletedTask));

    /// <summary>Wakes every app in State and every app that only the runtime still knows (deleted ones).</summary>
    public async Task WakeAllAsync(CancellationToken cancellationToken)
    {
        var names = (await apps.ListAsync(cancellationToken)).Select(a => a.Name)
            .Concat((await runtime.ListAsync(null, cancellationToken)).Select(i => i.App))
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Wake(name);
        }
    }

    private async Task RunLaneAsync(AppLane lane)
    {
        while (true)
        {
            while (Interlocked.Exchange(ref lane.Dirty, 0) == 1 && !_stopping.IsCancellationRequested)
            {
                await RunOnceAsync(lane);
            }

            Volatile.Write(ref lane.Running, 0);
            // A wake that came after the last check but before Running was cleared started no loop: run it here.
            if (Volatile.Read(ref lane.Dirty) == 0 || _stopping.IsCancellationRequested || Interlocked.CompareExchange(ref lane.Running, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task RunOnceAsync(AppLane lane)
    {
        try
        {
            await _listening.WaitAsync(_stopping);
            await _slots.WaitAsync(_stopping);
            try
            {
                await lane.Gate.WaitAsync(_stopping);
                try
                {
                    await converger.ConvergeAsync(lane.App, _stopping);
                }
                finally
                {
                    lane.Gate.Release();
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: what was cut short is redone at the next start.
        }
        catch (Exception e)
        {
            // The converger records deploy failures itself; this keeps the lane alive when State or the engine fails outright.
            Log.ConvergeFailed(logger, lane.App, e);
        }
    }

    private static Task ListeningAsync(IHostApplicationLifetime lifetime)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => listening.TrySetResult());
        return listening.Task;
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    /// <summary>One app's queue of converges: at most one runs, and one more is owed while <see cref="Dirty"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lanes live as long as the process; a lane's gate may be awaited until the very end.")]
    private sealed class AppLane(string app)
    {
        public readonly string App = app;
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Dirty;
        public int Running;
        public Task? Loop;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Converging {App} failed unexpectedly; it is tried again at the next change or reconcile")]
        public static partial void ConvergeFailed(ILogger logger, string app, Exception exception);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Listing apps to reconcile failed; deploys go on")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception);
    }
}
