using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Web.Actions;

/// <summary>
/// An app's log, for the API and the UI alike: the serving instance's (the current release's
/// running container, else any running one) last lines and, when following, each new line until
/// the instance stops or the caller's token fires.
/// </summary>
internal sealed class AppLogs(AppRepository apps, AppActions actions, IAppRuntime runtime)
{
    public const int DefaultTail = 100;

    public const int MaxTail = 10000;

    /// <summary>The lines to stream, or why there are none: Invalid (tail out of 1..10000), NotFound, Conflict (attached container, nothing running).</summary>
    public async Task<ActionOutcome<IAsyncEnumerable<string>>> ReadAsync(string app, int tail, bool follow, CancellationToken cancellationToken)
    {
        if (tail is < 1 or > MaxTail)
        {
            return ActionOutcome<IAsyncEnumerable<string>>.Invalid("tail", $"tail must be between 1 and {MaxTail}, not {tail}");
        }

        if (await apps.GetAsync(app, cancellationToken) is not { } record)
        {
            return actions.NotAnApp<IAsyncEnumerable<string>>(app);
        }

        var running = (await runtime.ListAsync(app, cancellationToken)).Where(i => i.State == InstanceState.Running).ToList();
        if ((running.FirstOrDefault(i => i.ReleaseId == record.CurrentReleaseId) ?? running.FirstOrDefault()) is not { } serving)
        {
            return ActionOutcome<IAsyncEnumerable<string>>.Conflict($"app '{app}' has no running instance to read logs from");
        }

        return ActionOutcome<IAsyncEnumerable<string>>.Done(runtime.ReadLogsAsync(serving.Id, tail, follow, cancellationToken));
    }
}
