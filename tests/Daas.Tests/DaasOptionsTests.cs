using Microsoft.Extensions.Configuration;

namespace Daas.Tests;

public sealed class DaasOptionsTests
{
    [Fact]
    public void FromConfiguration_NothingSet_UsesSingleMachineDefaults()
    {
        // Act
        var options = DaasOptions.FromConfiguration(Config());

        // Assert
        Assert.Equal("localhost", options.DomainName);
        Assert.Equal("admin", options.Username);
        Assert.Null(options.Password);
        Assert.Equal(80, options.HttpPort);
        Assert.Equal("daas", options.NetworkName);
        Assert.Equal("unix:///var/run/docker.sock", options.DockerHost);
    }

    [Fact]
    public void FromConfiguration_AllSet_ReadsEachVariable()
    {
        var options = DaasOptions.FromConfiguration(Config(
            ("DOMAIN_NAME", "Example.COM."), ("USERNAME", "foo"), ("PASSWORD", "bar"), ("HTTP_PORT", "8080"),
            ("DATA_DIR", "/tmp/d"), ("NETWORK_NAME", "apps"), ("DOCKER_HOST", "tcp://127.0.0.1:2375")));

        Assert.Equal("example.com", options.DomainName);
        Assert.Equal("foo", options.Username);
        Assert.Equal("bar", options.Password);
        Assert.Equal(8080, options.HttpPort);
        Assert.Equal("/tmp/d", options.DataDir);
        Assert.Equal("apps", options.NetworkName);
        Assert.Equal("tcp://127.0.0.1:2375", options.DockerHost);
    }

    [Theory]
    [InlineData("DOMAIN_NAME", "exa mple.com")]
    [InlineData("DOMAIN_NAME", "-bad.com")]
    [InlineData("DOMAIN_NAME", "10.0.0.1")]
    [InlineData("HTTP_PORT", "0")]
    [InlineData("HTTP_PORT", "http")]
    [InlineData("USERNAME", "a:b")]
    [InlineData("NETWORK_NAME", "no/slash")]
    [InlineData("HEALTH_TIMEOUT", "-1")]
    [InlineData("HEALTH_TIMEOUT", "0")]
    [InlineData("DOCKER_HOST", "not a uri")]
    [InlineData("DOCKER_HOST", "ftp://host")]
    [InlineData("LOGIN_FAILURES_PER_MINUTE", "0")]
    public void FromConfiguration_BadValue_ThrowsStartupExceptionNamingIt(string key, string value)
    {
        var error = Assert.Throws<StartupException>(() => DaasOptions.FromConfiguration(Config((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_LeavesThePasswordOut()
    {
        var options = DaasOptions.FromConfiguration(Config(("PASSWORD", "hunter2-secret")));

        Assert.DoesNotContain("hunter2-secret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("localhost", options.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
