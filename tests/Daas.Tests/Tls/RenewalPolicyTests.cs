using Daas.Tls;

namespace Daas.Tests.Tls;

public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(90 * 24 * 3600, 60 * 24 * 3600)]
    [InlineData(6 * 24 * 3600, 4 * 24 * 3600)]
    [InlineData(30, 20)]
    public void RenewAt_IsTwoThirdsIntoTheLifetime_WhateverItsLength(int lifetimeSeconds, int expectedSeconds)
    {
        var renewAt = RenewalPolicy.RenewAt(Start, Start.AddSeconds(lifetimeSeconds));

        Assert.Equal(Start.AddSeconds(expectedSeconds), renewAt);
    }

    [Fact]
    public void RenewAt_WithAnEarlierRenewalWindow_PicksAMomentInsideIt()
    {
        // Given a 90-day certificate whose CA asks for renewal on days 30 to 31 (a revocation coming, say)
        var advice = new RenewalAdvice(Start.AddDays(30), Start.AddDays(31), null);

        // When renewal times are picked many times
        var random = new Random(7);
        var picks = Enumerable.Range(0, 50).Select(_ => RenewalPolicy.RenewAt(Start, Start.AddDays(90), advice, Start, random)).ToList();

        // Then each lies in the window, and they spread over it
        Assert.All(picks, p => Assert.InRange(p, advice.WindowStart, advice.WindowEnd));
        Assert.True(picks.Distinct().Count() > 10);
    }

    [Fact]
    public void RenewAt_WindowAlreadyBegun_IsNow()
    {
        var now = Start.AddDays(40);
        var advice = new RenewalAdvice(Start.AddDays(30), Start.AddDays(41), null);

        Assert.InRange(RenewalPolicy.RenewAt(Start, Start.AddDays(90), advice, now, new Random(1)), now, advice.WindowEnd);
        Assert.Equal(now, RenewalPolicy.RenewAt(Start, Start.AddDays(90), new RenewalAdvice(Start.AddDays(30), Start.AddDays(35), null), now, new Random(1)));
    }

    [Fact]
    public void RenewAt_WindowLaterThanTwoThirds_KeepsTwoThirds()
    {
        var advice = new RenewalAdvice(Start.AddDays(80), Start.AddDays(85), null);

        Assert.Equal(Start.AddDays(60), RenewalPolicy.RenewAt(Start, Start.AddDays(90), advice, Start, new Random(1)));
    }

    [Fact]
    public void NextRetry_FollowsTheScheduleThenRepeatsItsLastStep()
    {
        var waits = Enumerable.Range(1, 12).Select(n => RenewalPolicy.NextRetry(n, Start, null) - Start).ToList();

        Assert.Equal(TimeSpan.FromSeconds(10), waits[0]);
        Assert.Equal(TimeSpan.FromMinutes(1), waits[1]);
        Assert.True(waits.Zip(waits.Skip(1)).All(pair => pair.First <= pair.Second), "the waits never shrink");
        Assert.Equal(RenewalPolicy.RetrySchedule[^1], waits[^1]);
    }

    [Fact]
    public void NextRetry_HonoursALongerRetryAfter_ButNotAShorterOne()
    {
        Assert.Equal(Start.AddHours(2), RenewalPolicy.NextRetry(1, Start, TimeSpan.FromHours(2)));
        Assert.Equal(Start.AddMinutes(1), RenewalPolicy.NextRetry(2, Start, TimeSpan.FromSeconds(1)));
    }
}
