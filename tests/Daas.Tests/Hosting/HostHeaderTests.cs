using Daas.Hosting;

namespace Daas.Tests.Hosting;

public sealed class HostHeaderTests
{
    [Theory]
    [InlineData("web.example.com", "web.example.com")]
    [InlineData("web.example.com:8080", "web.example.com")]
    [InlineData("web.example.com.", "web.example.com")]
    [InlineData("web.example.com.:443", "web.example.com")]
    [InlineData("127.0.0.1:80", "127.0.0.1")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("", "")]
    public void NameOf_HostHeader_IsTheNameWithoutPortOrTrailingDot(string header, string expected)
    {
        Assert.Equal(expected, HostHeader.NameOf(header).ToString());
    }
}
