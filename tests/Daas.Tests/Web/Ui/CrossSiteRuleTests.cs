using Daas.Web.Ui;
using Microsoft.AspNetCore.Http;

namespace Daas.Tests.Web.Ui;

public sealed class CrossSiteRuleTests
{
    [Theory]
    [InlineData(null, null)] // docker, skopeo, curl
    [InlineData("same-origin", null)]
    [InlineData("none", null)] // typed into the address bar
    [InlineData("same-origin", "https://example.com")]
    [InlineData(null, "https://example.com")]
    [InlineData(null, "https://EXAMPLE.com:443")]
    public void IsForeign_OwnOriginOrNoBrowserHeaders_IsFalse(string? fetchSite, string? origin)
    {
        // Act
        var foreign = CrossSiteRule.IsForeign(fetchSite, origin, "https", new HostString("example.com"));

        // Assert
        Assert.False(foreign);
    }

    [Theory]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)] // an app under the same domain
    [InlineData("cross-site", "https://example.com")]
    [InlineData(null, "http://evil.example")]
    [InlineData(null, "https://app.example.com")]
    [InlineData(null, "http://example.com")] // another scheme is another origin
    [InlineData(null, "https://example.com:8443")]
    [InlineData(null, "null")] // a sandboxed frame or a data: page
    [InlineData(null, "https://example.com/path")]
    public void IsForeign_AnotherSiteOrOrigin_IsTrue(string? fetchSite, string? origin)
    {
        // Act
        var foreign = CrossSiteRule.IsForeign(fetchSite, origin, "https", new HostString("example.com"));

        // Assert
        Assert.True(foreign);
    }

    [Fact]
    public void IsForeign_LoopbackWithPort_ComparesThePort()
    {
        // Arrange
        var host = new HostString("127.0.0.1:8080");

        // Act
        var own = CrossSiteRule.IsForeign(null, "http://127.0.0.1:8080", "http", host);
        var other = CrossSiteRule.IsForeign(null, "http://127.0.0.1:9090", "http", host);

        // Assert
        Assert.False(own);
        Assert.True(other);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    public void IsUnsafe_Method_MatchesWhatCanChangeState(string method, bool expected)
    {
        // Act
        var unsafeMethod = CrossSiteRule.IsUnsafe(method);

        // Assert
        Assert.Equal(expected, unsafeMethod);
    }
}
