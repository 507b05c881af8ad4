using Daas.Hosting;

namespace Daas.Tests.Hosting;

public sealed class AuthFailureLimiterTests
{
    [Fact]
    public void RecordFailure_UpToLimit_BlocksThatAddressOnly()
    {
        // Arrange
        using var limiter = new AuthFailureLimiter(new DaasOptions { DomainName = "localhost", Username = "u", DataDir = "/tmp", LoginFailuresPerMinute = 3 });

        // Act
        limiter.RecordFailure("10.0.0.1");
        limiter.RecordFailure("10.0.0.1");
        var blockedAfterTwo = limiter.IsBlocked("10.0.0.1");
        limiter.RecordFailure("10.0.0.1");

        // Assert
        Assert.False(blockedAfterTwo);
        Assert.True(limiter.IsBlocked("10.0.0.1"));
        Assert.False(limiter.IsBlocked("10.0.0.2"));
    }
}
