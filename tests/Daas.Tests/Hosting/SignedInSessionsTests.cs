using Daas.Hosting;
using Daas.Tests.TestSupport;

namespace Daas.Tests.Hosting;

public sealed class SignedInSessionsTests
{
    [Fact]
    public void Touch_StartedSession_IsTrueUntilEnded()
    {
        // Arrange
        var sessions = new SignedInSessions(new ManualTime(DateTimeOffset.UnixEpoch));
        var id = sessions.Start();

        // Act
        var before = sessions.Touch(id);
        sessions.End(id);
        var after = sessions.Touch(id);

        // Assert
        Assert.True(before);
        Assert.False(after);
    }

    [Fact]
    public void Touch_UnknownOrMissingId_IsFalse()
    {
        // Arrange
        var sessions = new SignedInSessions(new ManualTime(DateTimeOffset.UnixEpoch));
        sessions.Start();

        // Assert
        Assert.False(sessions.Touch("made-up"));
        Assert.False(sessions.Touch(null));
    }

    [Fact]
    public void Touch_UseWithinTheLifetime_KeepsTheSessionSliding()
    {
        // Arrange
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var sessions = new SignedInSessions(time);
        var id = sessions.Start();

        // Act: used every 11 hours for two days
        var alive = true;
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromHours(11));
            alive &= sessions.Touch(id);
        }

        // Assert
        Assert.True(alive);
    }

    [Fact]
    public void Touch_UnusedForLongerThanTheLifetime_IsFalse()
    {
        // Arrange
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var sessions = new SignedInSessions(time);
        var id = sessions.Start();

        // Act
        time.Advance(SessionCookie.Lifetime + TimeSpan.FromMinutes(1));

        // Assert
        Assert.False(sessions.Touch(id));
    }

    [Fact]
    public void Start_GivesEachSessionItsOwnId()
    {
        // Arrange
        var sessions = new SignedInSessions(new ManualTime(DateTimeOffset.UnixEpoch));

        // Act
        var ids = Enumerable.Range(0, 100).Select(_ => sessions.Start()).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Equal(100, ids.Count);
    }
}
