using Daas.Deploy;

namespace Daas.Tests.Deploy;

public sealed class ConfigHashTests
{
    [Fact]
    public void Of_SameDigestAndEnvInAnyOrder_IsEqual()
    {
        var a = ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["X"] = "1", ["Y"] = "2" });
        var b = ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["Y"] = "2", ["X"] = "1" });

        Assert.Equal(a, b);
    }

    [Fact]
    public void Of_DifferentDigestOrEnv_Differs()
    {
        var baseline = ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["X"] = "1" });

        Assert.NotEqual(baseline, ConfigHash.Of("sha256:2", new Dictionary<string, string> { ["X"] = "1" }));
        Assert.NotEqual(baseline, ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["X"] = "2" }));
        Assert.NotEqual(baseline, ConfigHash.Of("sha256:1", new Dictionary<string, string>()));
        Assert.NotEqual(
            ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["A"] = "x\nB=y" }),
            ConfigHash.Of("sha256:1", new Dictionary<string, string> { ["A"] = "x", ["B"] = "y" }));
    }
}
