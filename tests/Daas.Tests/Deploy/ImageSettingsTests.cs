using Daas.Deploy;
using Daas.Deploy.Runtime;
using Daas.State;

namespace Daas.Tests.Deploy;

public sealed class ImageSettingsTests
{
    [Theory]
    [InlineData(null, new string[0], 8080)]
    [InlineData(null, new[] { "5000/tcp" }, 5000)]
    [InlineData(null, new[] { "53/udp", "3000/tcp" }, 3000)]
    [InlineData(null, new[] { "9000" }, 9000)]
    [InlineData(null, new[] { "443/tcp", "80/tcp", "2019/tcp" }, 80)]
    [InlineData("4000", new[] { "5000/tcp" }, 4000)]
    public void Read_PortLabelLowestExposeOrDefault_PicksInThatOrder(string? label, string[] exposed, int expected)
    {
        var labels = label is null ? [] : new Dictionary<string, string> { [DaasLabels.Port] = label };

        var (settings, error) = ImageSettings.Read(Image(labels, exposed: exposed));

        Assert.Null(error);
        Assert.Equal(expected, settings!.Port);
    }

    [Theory]
    [InlineData("daas.port", "nonsense", "daas.port='nonsense' is not a port number")]
    [InlineData("daas.health", "healthz", "not a path starting with '/'")]
    [InlineData("daas.health", "@evil.example:80/", "not a path starting with '/'")]
    [InlineData("daas.health", "//evil.example/", "not a path starting with '/'")]
    [InlineData("daas.deploy", "blue-green", "neither start-first nor stop-first")]
    public void Read_LabelDaasCannotHonour_FailsWithAReasonNamingIt(string key, string value, string expected)
    {
        var (settings, error) = ImageSettings.Read(Image(new() { [key] = value }));

        Assert.Null(settings);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImageWithVolumes_DeploysStopFirstUnlessTheLabelSaysOtherwise()
    {
        Assert.Equal(DeployStrategy.StopFirst, ImageSettings.Read(Image([], volumes: ["/data"])).Settings!.Strategy);
        Assert.Equal(DeployStrategy.StartFirst, ImageSettings.Read(Image([])).Settings!.Strategy);
        Assert.Equal(DeployStrategy.StartFirst, ImageSettings.Read(Image(new() { [DaasLabels.Deploy] = "start-first" }, volumes: ["/data"])).Settings!.Strategy);
        Assert.Equal(DeployStrategy.StopFirst, ImageSettings.Read(Image(new() { [DaasLabels.Deploy] = "stop-first" })).Settings!.Strategy);
    }

    [Theory]
    [InlineData("daas.auth", "password", true)]
    [InlineData("auth", "password", true)]
    [InlineData("daas.auth", "none", false)]
    public void Read_AuthLabel_AsksForThePasswordInFrontOfTheApp(string key, string value, bool expected)
    {
        Assert.Equal(expected, ImageSettings.Read(Image(new() { [key] = value })).Settings!.PasswordProtected);
    }

    [Fact]
    public void Read_HealthPathAndHealthcheck_AreKept()
    {
        var settings = ImageSettings.Read(Image(new() { [DaasLabels.HealthPath] = "/healthz?full=1" }, healthcheck: true)).Settings!;

        Assert.Equal(("/healthz?full=1", true), (settings.HealthPath, settings.HasHealthcheck));
    }

    private static ImageFacts Image(Dictionary<string, string> labels, string[]? exposed = null, string[]? volumes = null, bool healthcheck = false) =>
        new(labels, exposed ?? [], volumes ?? [], healthcheck);
}
