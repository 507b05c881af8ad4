using Daas.State;
using Daas.Web.Ui;

namespace Daas.Tests.Web;

public sealed class UiTextTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024, "5 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024 + 512L * 1024 * 1024, "3.5 GiB")]
    [InlineData(-1, "unknown")]
    public void Bytes_UsesTheLargestUnitBelow1024(long bytes, string expected) => Assert.Equal(expected, UiText.Bytes(bytes));

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(45, "45 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(3600, "1 h")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(97200, "1 d 3 h")]
    [InlineData(-5, "0 s")]
    public void Duration_ShowsTheTwoLargestUnits(int seconds, string expected) => Assert.Equal(expected, UiText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Relative_SaysAgoForThePastAndInForTheFuture()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("2 min ago", UiText.Relative(now.AddMinutes(-2), now));
        Assert.Equal("in 3 d", UiText.Relative(now.AddDays(3), now));
    }

    [Fact]
    public void Utc_WritesTheTimeInUtc_WhateverItsOffset() =>
        Assert.Equal("2026-12-01 10:00:00 UTC", UiText.Utc(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(2))));

    [Theory]
    [InlineData("sha256:0123456789abcdef0123", "sha256:0123456789ab")]
    [InlineData("sha256:0123", "sha256:0123")]
    [InlineData("nodigest", "nodigest")]
    public void ShortDigest_KeepsTwelveHexDigits(string digest, string expected) => Assert.Equal(expected, UiText.ShortDigest(digest));

    [Fact]
    public void Name_IsCamelCaseAsTheApiWritesIt() => Assert.Equal("envChange", UiText.Name(ReleaseTrigger.EnvChange));
}
