using Daas.Hosting;

namespace Daas.Tests.Hosting;

public sealed class HostClassifierTests
{
    private readonly HostClassifier _classifier = new(new DaasOptions { DomainName = "example.com", Username = "u", DataDir = "/tmp" });

    [Theory]
    [InlineData("example.com", "Daas", "")]
    [InlineData("EXAMPLE.com.", "Daas", "")]
    [InlineData("127.0.0.1", "Daas", "")]
    [InlineData("[::1]", "Daas", "")]
    [InlineData("foobar.example.com", "App", "foobar")]
    [InlineData("FooBar.Example.com", "App", "foobar")]
    [InlineData("www.foobar.example.com", "App", "foobar")]
    [InlineData("www.example.com", "App", "www")]
    [InlineData("www.www.example.com", "App", "www")]
    [InlineData("a.b.example.com", "Unknown", "")]
    [InlineData("www.a.b.example.com", "Unknown", "")]
    [InlineData(".example.com", "Unknown", "")]
    [InlineData("example.org", "Unknown", "")]
    [InlineData("notexample.com", "Unknown", "")]
    public void Classify_Host_ReturnsKindAndApp(string host, string expected, string expectedApp)
    {
        var kind = _classifier.Classify(host, out var app);

        Assert.Equal(Enum.Parse<HostKind>(expected), kind);
        Assert.Equal(expectedApp, app);
    }
}
