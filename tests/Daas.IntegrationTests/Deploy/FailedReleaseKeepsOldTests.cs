using System.Net;
using System.Text.Json;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

[Collection(SharedDaasServer.Name)]
public sealed class FailedReleaseKeepsOldTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task Push_ImageThatCrashes_OldReleaseKeepsServingAndFailureIsRecorded()
    {
        // Given v1 serving
        await fixture.BuildAndPushAsync("crashy", "crashy v1");
        Assert.True(await Server.WaitForAppAsync("crashy", "crashy v1"), Server.Output);

        // When v2 exits at once after printing a line
        await fixture.BuildAndPushAsync("crashy", "crashy v2", command: """["/bin/sh", "-c", "echo starting v2 failed on purpose; exit 3"]""");

        // Then the release is recorded as failed with the exit code and the container's last lines
        JsonElement failed = default;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            failed = (await Server.ReleasesAsync("crashy")).FirstOrDefault(r => r.State() == "failed");
            return failed.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(60)), Server.Output);
        var reason = failed.GetProperty("reason").GetString()!;
        Assert.Contains("exited with code 3", reason, StringComparison.Ordinal);
        Assert.Contains("starting v2 failed on purpose", reason, StringComparison.Ordinal);

        // And v1 still serves
        Assert.Equal((HttpStatusCode.OK, "crashy v1\n"), await Server.GetAppAsync("crashy"));
    }
}
