using Daas.Metrics;

namespace Daas.Tests.Metrics;

public sealed class RequestRatesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PerMinute_BeforeTwoSamples_IsZero()
    {
        // Arrange
        var rates = new RequestRates();
        var web = new AppTraffic("web");
        Finish(web, 10);

        // Act
        rates.Sample([web], Start);

        // Assert
        Assert.Equal(0, rates.PerMinute("web"));
        Assert.Equal(0, rates.PerMinute("unknown"));
    }

    [Fact]
    public void PerMinute_TenRequestsIn30Seconds_IsTwentyPerMinute()
    {
        // Arrange
        var rates = new RequestRates();
        var web = new AppTraffic("web");
        rates.Sample([web], Start);

        // Act
        Finish(web, 10);
        rates.Sample([web], Start.AddSeconds(30));

        // Assert
        Assert.Equal(20, rates.PerMinute("web"), precision: 6);
    }

    [Fact]
    public void PerMinute_OnlyCountsTheLastMinute()
    {
        // Arrange: a burst of 100, then a quiet minute and a half sampled every 5 s, then 6 requests
        var rates = new RequestRates();
        var web = new AppTraffic("web");
        rates.Sample([web], Start);
        Finish(web, 100);
        for (var second = 5; second <= 90; second += 5)
        {
            rates.Sample([web], Start.AddSeconds(second));
        }

        // Act
        Finish(web, 6);
        rates.Sample([web], Start.AddSeconds(95));

        // Assert: the window spans 60 s (35..95) holding only the 6
        Assert.Equal(6, rates.PerMinute("web"), precision: 6);
    }

    [Fact]
    public void PerMinute_AppFirstSeenWithRequests_CountsThemFromThePreviousSample()
    {
        // Arrange: a sample before the app had counters, then 5 requests before its first sample
        var rates = new RequestRates();
        rates.Sample([], Start);
        var web = new AppTraffic("web");
        Finish(web, 5);

        // Act
        rates.Sample([web], Start.AddSeconds(5));

        // Assert
        Assert.Equal(60, rates.PerMinute("web"), precision: 6);
    }

    [Fact]
    public void PerMinute_AppDeletedAndPushedAgainWithinAnInterval_StartsAfreshInsteadOfGoingNegative()
    {
        // Arrange: 100 requests counted, then the app's counter is replaced by a new one at 0
        var rates = new RequestRates();
        var old = new AppTraffic("web");
        rates.Sample([old], Start);
        Finish(old, 100);
        rates.Sample([old], Start.AddSeconds(5));
        var renewed = new AppTraffic("web");
        Finish(renewed, 3);

        // Act
        rates.Sample([renewed], Start.AddSeconds(10));

        // Assert: the new counter's 3 requests over its first interval, not 3 - 100
        Assert.Equal(36, rates.PerMinute("web"), precision: 6);
    }

    [Fact]
    public void Sample_AppNoLongerCounted_IsForgotten()
    {
        // Arrange
        var rates = new RequestRates();
        var web = new AppTraffic("web");
        rates.Sample([web], Start);
        Finish(web, 5);
        rates.Sample([web], Start.AddSeconds(5));

        // Act
        rates.Sample([], Start.AddSeconds(10));

        // Assert
        Assert.Equal(0, rates.PerMinute("web"));
    }

    private static void Finish(AppTraffic traffic, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            traffic.RequestStarted();
            traffic.RequestEnded(200, System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }
}
