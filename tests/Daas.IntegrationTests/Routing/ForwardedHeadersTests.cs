using System.Net;
using System.Security.Cryptography.X509Certificates;
using Daas.IntegrationTests.Fixtures;

namespace Daas.IntegrationTests.Routing;

[Collection(SharedDaasServer.Name)]
public sealed class ForwardedHeadersTests(DaasFixture fixture)
{
    private DaasServer Server => fixture.Server;

    [Fact]
    public async Task HttpRequest_ToApp_CarriesForwardedHeadersAndTheOriginalHost()
    {
        // Given the EdgeApp running
        await fixture.PushEdgeAppAsync("fwdhttp", "v1");
        Assert.True(await Server.WaitForAppAsync("fwdhttp", "edge-app v1"), Server.Output);

        // When a client on loopback asks for its headers by its name and DaaS's port
        var host = $"fwdhttp.{Server.Domain}:{Server.Port}";
        using var client = AppClient.Http(Server.Port);
        using var response = await client.GetAsync(new Uri($"http://{host}/headers"));
        var headers = Parse(await response.Content.ReadAsStringAsync());

        // Then the app sees the client's address, the scheme and the host the client asked for, and that host as Host
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["127.0.0.1"], Values(headers, "X-Forwarded-For"));
        Assert.Equal(["http"], Values(headers, "X-Forwarded-Proto"));
        Assert.Equal([host], Values(headers, "X-Forwarded-Host"));
        Assert.Equal([host], Values(headers, "Host"));
    }

    [Fact]
    public async Task HttpsRequest_ToApp_CarriesForwardedProtoHttpsAndTheOriginalHost()
    {
        // Given the EdgeApp running, served a certificate by DaaS's local CA
        await fixture.PushEdgeAppAsync("fwdhttps", "v1");
        Assert.True(await Server.WaitForAppAsync("fwdhttps", "edge-app v1"), Server.Output);
        var root = X509Certificate2.CreateFromPem(await Server.RootPemAsync());
        Assert.True(await HttpsProbe.WaitForTrustedCertificateAsync(Server.HttpsPort, $"fwdhttps.{Server.Domain}", root), Server.Output);

        // When a client asks for its headers over HTTPS
        var host = $"fwdhttps.{Server.Domain}:{Server.HttpsPort}";
        using var client = AppClient.Http(Server.HttpsPort, root);
        using var response = await client.GetAsync(new Uri($"https://{host}/headers"));
        var headers = Parse(await response.Content.ReadAsStringAsync());

        // Then the app is told the request came over https, from the client, for the host it named
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["127.0.0.1"], Values(headers, "X-Forwarded-For"));
        Assert.Equal(["https"], Values(headers, "X-Forwarded-Proto"));
        Assert.Equal([host], Values(headers, "X-Forwarded-Host"));
        Assert.Equal([host], Values(headers, "Host"));
    }

    /// <summary>The EdgeApp's /headers: one "Name: value" line per value.</summary>
    private static List<(string Name, string Value)> Parse(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .Select(parts => (parts[0], parts.Length > 1 ? parts[1] : ""))
            .ToList();

    private static string[] Values(List<(string Name, string Value)> headers, string name) =>
        headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToArray();
}
