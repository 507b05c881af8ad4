using System.Diagnostics;
using System.Net;
using Daas.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Daas.IntegrationTests.Routing;

[Collection(SharedDaasServer.Name)]
public sealed class ContainerKillTests(DaasFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(2);

    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task DockerKill_AppContainer_Gets502PageAtOnceAndServesAgainAfterTheRestart()
    {
        // Given the EdgeApp running
        await fixture.PushEdgeAppAsync("killed", "v1");
        Assert.True(await Server.WaitForAppAsync("killed", "edge-app v1"), Server.Output);
        var container = (await fixture.Docker("ps", "-q", "--filter", "label=daas.app=killed", "--filter", $"label=daas.instance={Server.InstanceId()}")).Trim();
        Assert.NotEmpty(container);

        // When its container is killed behind DaaS's back
        await fixture.Docker("kill", container);
        var killed = Stopwatch.StartNew();

        // Then every request is answered at once: DaaS's 502 page until DaaS has started it again, then the app
        using var client = AppClient.Http(Server.Port, timeout: AnswerLimit);
        var answers = new List<string>();
        var back = false;
        while (!back && killed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var asked = killed.Elapsed;
            HttpStatusCode status;
            string body;
            try
            {
                using var response = await client.GetAsync(new Uri($"http://killed.{Server.Domain}:{Server.Port}/"));
                (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Assert.Fail($"the request sent {asked.TotalMilliseconds:0} ms after the kill got no answer within {AnswerLimit.TotalSeconds:0} s " +
                    $"({e.GetType().Name}: {e.Message}); answers before it: {string.Join(", ", answers)}\n{Server.Output}");
                return;
            }

            answers.Add($"{(int)status} at {asked.TotalMilliseconds:0} ms took {(killed.Elapsed - asked).TotalMilliseconds:0} ms");
            if (status == HttpStatusCode.OK)
            {
                Assert.Equal("edge-app v1\n", body);
                back = true;
            }
            else
            {
                Assert.True(status == HttpStatusCode.BadGateway && body.Contains("This app is not running right now", StringComparison.Ordinal),
                    $"{(int)status} {body}; answers before it: {string.Join(", ", answers)}\n{Server.Output}");
            }

            await Task.Delay(50);
        }

        output.WriteLine(string.Join(", ", answers.Count > 12 ? [.. answers[..6], "…", .. answers[^6..]] : answers));
        Assert.True(back, $"the app did not answer again within 60 s of the kill\n{Server.Output}");
        Assert.StartsWith("502", answers[0], StringComparison.Ordinal);
    }
}
