using Daas.Registry.Model;

namespace Daas.Tests.Registry.Model;

public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("foobar", true)]
    [InlineData("team/api", true)]
    [InlineData("a/b/c", true)]
    [InlineData("my-app_2.0", true)]
    [InlineData("a__b", true)]
    [InlineData("Foobar", false)]
    [InlineData("/foobar", false)]
    [InlineData("foobar/", false)]
    [InlineData("../etc", false)]
    [InlineData("team/_uploads", false)]
    [InlineData("a//b", false)]
    [InlineData("-a", false)]
    public void IsValid_Name_FollowsSpecGrammar(string name, bool expected)
    {
        Assert.Equal(expected, RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.2.3-rc_1", true)]
    [InlineData("_private", true)]
    [InlineData(".hidden", false)]
    [InlineData("-dash", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void IsValidTag_Tag_FollowsSpecGrammar(string tag, bool expected)
    {
        Assert.Equal(expected, RepositoryName.IsValidTag(tag));
    }
}
