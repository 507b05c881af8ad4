using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Deploy;

public sealed class EngineImageTests
{
    [Fact]
    public async Task FivePushes_LeaveTheImagesOfTheLastThreeReleasesOnTheEngine()
    {
        // Given an app pushed five times, each version live before the next
        await using var server = await DaasServer.StartAsync();
        await using var docker = await DockerSession.LoginAsync(server);
        for (var i = 1; i <= 5; i++)
        {
            await docker.PushAsync("pruned", $"pruned v{i}");
            Assert.True(await server.WaitForAppAsync("pruned", $"pruned v{i}"), server.Output);
        }

        // Then the engine keeps only what the newest three releases run (the pulls by digest)
        var kept = (await server.ReleasesAsync("pruned")).Take(3).Select(r => r.GetProperty("digest").GetString()!).ToHashSet();
        Assert.True(await Eventually.HoldsAsync(async () => (await PulledDigestsAsync(docker, server)).SetEquals(kept), TimeSpan.FromSeconds(30)),
            $"pulled: {string.Join(", ", await PulledDigestsAsync(docker, server))}\nkept: {string.Join(", ", kept)}\n{server.Output}");
    }

    private static async Task<HashSet<string>> PulledDigestsAsync(DockerSession docker, DaasServer server) =>
        (await docker.RunAsync("images", "--digests", "--format", "{{.Repository}}@{{.Digest}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith($"127.0.0.1:{server.Port}/pruned@", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf('@', StringComparison.Ordinal) + 1)..])
            .ToHashSet();
}
