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
        Assert.Equal(443, options.HttpsPort);
        Assert.True(options.UsesLocalCa);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("text", false)]
    [InlineData("JSON", true)]
    public void FromConfiguration_LogFormat_JsonOnlyWhenAsked(string? format, bool json)
    {
        var options = DaasOptions.FromConfiguration(format is null ? Config() : Config(("LOG_FORMAT", format)));

        Assert.Equal(json, options.JsonLogs);
    }

    [Theory]
    [InlineData(null, null, "Auto", null)]
    [InlineData("swarm", "10.0.0.5:8080", "Swarm", "10.0.0.5:8080")]
    [InlineData("Docker", "registry.example.com", "Docker", "registry.example.com")]
    public void FromConfiguration_OrchestratorAndRegistryAddress_AreRead(string? orchestrator, string? address, string expected, string? expectedAddress)
    {
        var settings = new List<(string, string)>();
        if (orchestrator is not null)
        {
            settings.Add(("ORCHESTRATOR", orchestrator));
        }

        if (address is not null)
        {
            settings.Add(("REGISTRY_ADDRESS", address));
        }

        var options = DaasOptions.FromConfiguration(Config([.. settings]));

        Assert.Equal((expected, expectedAddress), (options.Orchestrator.ToString(), options.RegistryAddress));
    }

    [Fact]
    public void FromConfiguration_PublicDomain_GetsCertificatesFromLetsEncryptByHttp01()
    {
        var options = DaasOptions.FromConfiguration(Config(("DOMAIN_NAME", "example.com")));

        Assert.Equal(DaasOptions.LetsEncrypt, options.AcmeDirectory);
        Assert.Equal(Daas.Tls.Acme.AcmeChallengeType.Http01, options.AcmeChallenge);
        Assert.Null(options.AcmeEmail);
    }

    [Theory]
    [InlineData("localhost", null)]
    [InlineData("daas.localhost", null)]
    [InlineData("example.com", "internal")]
    public void FromConfiguration_LocalNameOrInternal_UsesTheLocalCa(string domain, string? directory)
    {
        var options = DaasOptions.FromConfiguration(directory is null ? Config(("DOMAIN_NAME", domain)) : Config(("DOMAIN_NAME", domain), ("ACME_DIRECTORY", directory)));

        Assert.True(options.UsesLocalCa);
    }

    [Fact]
    public void FromConfiguration_AcmeSettings_AreRead()
    {
        var options = DaasOptions.FromConfiguration(Config(
            ("DOMAIN_NAME", "example.test"), ("HTTPS_PORT", "8443"), ("ACME_DIRECTORY", "https://127.0.0.1:14000/dir"),
            ("ACME_EMAIL", "ops@example.test"), ("ACME_CHALLENGE", "TLS-ALPN-01"), ("ACME_CA_BUNDLE", "/tmp/ca.pem")));

        Assert.Equal(8443, options.HttpsPort);
        Assert.Equal(new Uri("https://127.0.0.1:14000/dir"), options.AcmeDirectory);
        Assert.Equal("ops@example.test", options.AcmeEmail);
        Assert.Equal(Daas.Tls.Acme.AcmeChallengeType.TlsAlpn01, options.AcmeChallenge);
        Assert.Equal("/tmp/ca.pem", options.AcmeCaBundle);
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
    [InlineData("HTTPS_PORT", "80")]
    [InlineData("HTTPS_PORT", "70000")]
    [InlineData("ACME_DIRECTORY", "not a url")]
    [InlineData("ACME_DIRECTORY", "http://acme.test/directory")]
    [InlineData("ACME_EMAIL", "nobody")]
    [InlineData("ACME_CHALLENGE", "dns-01")]
    [InlineData("USERNAME", "a:b")]
    [InlineData("NETWORK_NAME", "no/slash")]
    [InlineData("HEALTH_TIMEOUT", "-1")]
    [InlineData("HEALTH_TIMEOUT", "0")]
    [InlineData("DOCKER_HOST", "not a uri")]
    [InlineData("DOCKER_HOST", "ftp://host")]
    [InlineData("LOGIN_FAILURES_PER_MINUTE", "0")]
    [InlineData("LOG_FORMAT", "xml")]
    [InlineData("ORCHESTRATOR", "kubernetes")]
    [InlineData("REGISTRY_ADDRESS", "http://10.0.0.5")]
    [InlineData("REGISTRY_ADDRESS", "10.0.0.5:99999")]
    [InlineData("REGISTRY_ADDRESS", "registry.example.com/v2")]
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
