using Daas.Web.Ui;

namespace Daas.Tests.Web.Ui;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/apps/web?tab=logs")]
    [InlineData("/registry#top")]
    public void SafeOrRoot_LocalPath_IsKept(string url)
    {
        // Act
        var target = ReturnUrl.SafeOrRoot(url);

        // Assert
        Assert.Equal(url, target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/apps\r\nSet-Cookie: x=1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("apps")]
    [InlineData("/apps/caf\u00e9")]
    public void SafeOrRoot_AnythingLeavingTheSite_BecomesRoot(string? url)
    {
        // Act
        var target = ReturnUrl.SafeOrRoot(url);

        // Assert
        Assert.Equal("/", target);
    }
}
