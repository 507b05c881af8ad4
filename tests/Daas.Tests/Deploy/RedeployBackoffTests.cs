using Daas.Deploy;
using Daas.State;

namespace Daas.Tests.Deploy;

public sealed class RedeployBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    [Fact]
    public void NextAttempt_NoFailureSinceCurrent_IsNull()
    {
        var releases = new[] { Release(2, ReleaseState.Running, 0), Release(1, ReleaseState.Failed, 0) };

        Assert.Null(RedeployBackoff.NextAttempt(releases, currentReleaseId: 2, Interval));
    }

    [Fact]
    public void NextAttempt_EachFailureSinceCurrent_DoublesTheWaitFromTheLastFailure()
    {
        var one = new[] { Release(3, ReleaseState.Failed, 10), Release(2, ReleaseState.Running, 0) };
        var three = new[] { Release(5, ReleaseState.Failed, 30), Release(4, ReleaseState.Failed, 20), Release(3, ReleaseState.Failed, 10), Release(2, ReleaseState.Running, 0) };

        Assert.Equal(T0.AddMinutes(10) + Interval, RedeployBackoff.NextAttempt(one, 2, Interval));
        Assert.Equal(T0.AddMinutes(30) + 4 * Interval, RedeployBackoff.NextAttempt(three, 2, Interval));
    }

    [Fact]
    public void NextAttempt_SupersededBetweenFailures_CountsOnlyTheFailures()
    {
        var releases = new[] { Release(5, ReleaseState.Superseded, 40), Release(4, ReleaseState.Failed, 20), Release(3, ReleaseState.Failed, 10), Release(2, ReleaseState.Running, 0) };

        Assert.Equal(T0.AddMinutes(20) + 2 * Interval, RedeployBackoff.NextAttempt(releases, 2, Interval));
    }

    [Fact]
    public void NextAttempt_ManyFailures_WaitsAtMostAnHour()
    {
        var releases = Enumerable.Range(0, 40).Select(i => Release(100 - i, ReleaseState.Failed, 100 - i))
            .Append(Release(2, ReleaseState.Running, 0)).ToList();

        Assert.Equal(T0.AddMinutes(100) + RedeployBackoff.MaxWait, RedeployBackoff.NextAttempt(releases, 2, Interval));
    }

    internal static ReleaseRecord Release(long id, ReleaseState state, int finishedMinute, string digest = "sha256:1", SortedDictionary<string, string>? env = null) => new()
    {
        Id = id,
        App = "app",
        Number = (int)id,
        Digest = digest,
        Env = env ?? new SortedDictionary<string, string>(StringComparer.Ordinal),
        Trigger = ReleaseTrigger.Push,
        State = state,
        CreatedAt = T0.AddMinutes(finishedMinute),
        FinishedAt = T0.AddMinutes(finishedMinute),
    };
}
