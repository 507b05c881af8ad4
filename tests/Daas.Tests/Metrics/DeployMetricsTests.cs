using Daas.Metrics;
using Daas.Tests.Deploy;
using static Daas.Tests.TestSupport.FakeRuntime;

namespace Daas.Tests.Metrics;

public sealed class DeployMetricsTests
{
    [Fact]
    public void WriteTo_TwoApps_WritesBothOutcomesOfEachAppInNameOrder()
    {
        // Arrange
        var deploys = new DeployMetrics();
        deploys.Succeeded("web");
        deploys.Succeeded("web");
        deploys.Failed("api");

        // Act
        var writer = new PrometheusWriter();
        deploys.WriteTo(writer);

        // Assert
        var samples = writer.ToString().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(
            [
                "daas_deploys_total{app=\"api\",outcome=\"succeeded\"} 0",
                "daas_deploys_total{app=\"api\",outcome=\"failed\"} 1",
                "daas_deploys_total{app=\"web\",outcome=\"succeeded\"} 2",
                "daas_deploys_total{app=\"web\",outcome=\"failed\"} 0",
            ],
            samples);
        Assert.Contains("# TYPE daas_deploys_total counter\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Of_AppNeverDeployed_IsZeros()
    {
        Assert.Equal((0, 0), new DeployMetrics().Of("none"));
    }

    [Fact]
    public async Task Deployer_HealthyThenUnhealthyRelease_CountsOneSucceededAndOneFailed()
    {
        // Arrange
        using var h = new DeployHarness();
        await h.PushAsync("web", "sha256:1");
        await h.ConvergeAsync("web");
        h.Runtime.Fates["sha256:bad"] = Fate.Unhealthy;
        await h.PushAsync("web", "sha256:bad");

        // Act
        await h.ConvergeAsync("web");

        // Assert
        Assert.Equal((1, 1), h.Deploys.Of("web"));
    }
}
