using Daas.State;

namespace Daas.Deploy;

/// <summary>
/// When the reconciler may deploy a missing current release again. Each failed attempt since the
/// current release doubles the wait (one reconcile interval after the first failure, capped at
/// <see cref="MaxWait"/>), so an app that cannot start is retried, but without a failed release
/// and a pull every interval. Derived from the release history alone, so it survives restarts.
/// </summary>
internal static class RedeployBackoff
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    /// <summary>The earliest time for the next attempt; null when nothing has failed since the current release.</summary>
    /// <param name="releasesNewestFirst">The app's releases, newest first (as <see cref="ReleaseRepository.ListAsync"/> returns them).</param>
    public static DateTimeOffset? NextAttempt(IReadOnlyList<ReleaseRecord> releasesNewestFirst, long currentReleaseId, TimeSpan interval)
    {
        var since = releasesNewestFirst.TakeWhile(r => r.Id > currentReleaseId && r.State is ReleaseState.Failed or ReleaseState.Superseded).ToList();
        var failed = since.Count(r => r.State == ReleaseState.Failed);
        if (failed == 0)
        {
            return null;
        }

        var wait = TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, interval.Ticks << Math.Min(failed - 1, 30)));
        var last = since.First(r => r.State == ReleaseState.Failed);
        return (last.FinishedAt ?? last.CreatedAt) + wait;
    }
}
