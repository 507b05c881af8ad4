using System.Text;
using Daas.Web.Ui;

namespace Daas.Tests.Web.Ui;

public sealed class StaticAssetTests
{
    [Fact]
    public void ETag_DependsOnTheContentOnly()
    {
        // Arrange
        var a = new StaticAsset("a.js", Encoding.UTF8.GetBytes("one"));
        var sameBytes = new StaticAsset("b.css", Encoding.UTF8.GetBytes("one"));
        var otherBytes = new StaticAsset("a.js", Encoding.UTF8.GetBytes("two"));

        // Assert
        Assert.Matches("^\"[0-9a-f]{32}\"$", a.ETag);
        Assert.Equal(a.ETag, sameBytes.ETag);
        Assert.NotEqual(a.ETag, otherBytes.ETag);
    }

    [Fact]
    public void IsMatchedBy_OwnTagWeakStrongInAListOrStar_IsTrue()
    {
        // Arrange
        var asset = new StaticAsset("a.js", Encoding.UTF8.GetBytes("one"));

        // Assert
        Assert.True(asset.IsMatchedBy(asset.ETag));
        Assert.True(asset.IsMatchedBy("W/" + asset.ETag));
        Assert.True(asset.IsMatchedBy($"\"old\", {asset.ETag}"));
        Assert.True(asset.IsMatchedBy("*"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\"old\"")]
    [InlineData("\"old\", W/\"older\"")]
    public void IsMatchedBy_NoneOrOtherTags_IsFalse(string? ifNoneMatch)
    {
        // Arrange
        var asset = new StaticAsset("a.js", Encoding.UTF8.GetBytes("one"));

        // Assert
        Assert.False(asset.IsMatchedBy(ifNoneMatch));
    }

    [Fact]
    public void IsMatchedBy_TheTagWithoutQuotes_IsFalse()
    {
        // Arrange
        var asset = new StaticAsset("a.js", Encoding.UTF8.GetBytes("one"));

        // Assert
        Assert.False(asset.IsMatchedBy(asset.ETag.Trim('"')));
    }

    [Theory]
    [InlineData("htmx.min.js", "text/javascript; charset=utf-8")]
    [InlineData("daas.css", "text/css; charset=utf-8")]
    [InlineData("blob.bin", "application/octet-stream")]
    public void ContentType_FollowsTheExtension(string name, string expected)
    {
        // Act
        var asset = new StaticAsset(name, []);

        // Assert
        Assert.Equal(expected, asset.ContentType);
    }

    [Fact]
    public void StaticAssets_EmbedsWwwroot()
    {
        // Act
        var assets = new StaticAssets();

        // Assert
        Assert.NotNull(assets.Find("htmx.min.js"));
        Assert.NotNull(assets.Find("daas.css"));
        Assert.NotNull(assets.Find("daas.js"));
        Assert.Null(assets.Find("htmx.LICENSE.txt"));
    }
}
