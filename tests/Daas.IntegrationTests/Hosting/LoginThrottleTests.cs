using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Hosting;

public sealed class LoginThrottleTests
{
    [Fact]
    public async Task RepeatedWrongPasswords_FromOneAddress_GetTooManyRequests()
    {
        // Given DaaS allowing 3 failed logins a minute
        await using var server = await DaasServer.StartAsync(new Dictionary<string, string> { ["LOGIN_FAILURES_PER_MINUTE"] = "3" });

        // When a client fails three times
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetV2Async(server, "admin:guess" + i)).Status);
        }

        // Then even the right password is refused with 429 and Retry-After for now
        var (status, retryAfter, body) = await GetV2Async(server, $"admin:{server.Password}");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.NotNull(retryAfter);
        Assert.Contains("TOOMANYREQUESTS", body, StringComparison.Ordinal);

        // And the failed passwords do not appear in DaaS's output
        Assert.DoesNotContain("guess", server.Output, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, RetryConditionHeaderValue? RetryAfter, string Body)> GetV2Async(DaasServer server, string credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter, await response.Content.ReadAsStringAsync());
    }
}
