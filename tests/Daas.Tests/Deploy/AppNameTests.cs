using Daas.Deploy;

namespace Daas.Tests.Deploy;

public sealed class AppNameTests
{
    [Theory]
    [InlineData("foobar", true)]
    [InlineData("my-app", true)]
    [InlineData("a1", true)]
    [InlineData("team/api", false)]
    [InlineData("my_app", false)]
    [InlineData("my.app", false)]
    [InlineData("-app", false)]
    [InlineData("app-", false)]
    public void IsValid_Repository_OnlySingleDnsLabelsDeploy(string repository, bool expected)
    {
        Assert.Equal(expected, AppName.IsValid(repository));
    }
}
